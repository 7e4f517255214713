module.exports = {
  ...require('@rammeaftale/testing/jest.preset.cjs'),
  displayName: 'deploy',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
