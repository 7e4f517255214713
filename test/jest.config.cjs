module.exports = {
  ...require('@rammeaftale/testing/jest.preset.cjs'),
  displayName: 'e2e',
  testMatch: ['<rootDir>/flows/**/*.test.ts'],
};
