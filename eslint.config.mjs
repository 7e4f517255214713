import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.cache/**', '.data/**', '**/*.cjs', 'docs/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
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
