// Shared jest settings: TypeScript through swc (no type-checking here; `pnpm typecheck` does that).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  testTimeout: 30000,
  // A stray keep-alive socket must never hold a CI run open; leaks show as jest's warning instead.
  forceExit: true,
  // Workers share one FerretDB/Redis; each test file gets its own database and key prefix.
  maxWorkers: process.env.CI ? 2 : '50%',
};
