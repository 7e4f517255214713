import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.cache/**', '.data/**', '**/*.cjs', 'docs/**'],
  },
  js.configs.recommended,
  // The type-checked set: floating promises, unsafe `any` flowing around, awaiting non-promises.
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly' },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // The domain package is pure: no I/O frameworks.
    files: ['packages/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'express',
                'mongoose',
                'bullmq',
                'ioredis',
                'nodemailer',
                'mongodb',
                '@rammeaftale/*',
              ],
              message: 'packages/domain holds pure business rules only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Plain JavaScript (this config) is outside every tsconfig: lint it without type information.
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Small modules and functions a reader can hold in their head (issue 12): measured here.
    files: ['services/*/src/**/*.ts', 'packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    // Use cases and rules speak the domain's errors (packages/domain), never HTTP: packages/http
    // maps them once to problem+json, the portal once to Danish pages.
    files: ['**/*.use-case.ts', '**/*.rules.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@rammeaftale/http',
              message: 'Use cases throw the errors of @rammeaftale/domain; the API maps them.',
            },
            { name: 'express', message: 'Use cases know nothing of HTTP.' },
          ],
        },
      ],
    },
  },
  {
    files: [
      'scripts/**/*.ts',
      '**/test/**/*.ts',
      '**/*.test.ts',
      'packages/testing/**/*.ts',
      '**/bench/**/*.ts',
    ],
    rules: { 'no-console': 'off' },
  },
);
