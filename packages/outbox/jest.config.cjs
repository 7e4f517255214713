module.exports = { ...require('@rammeaftale/testing/jest.preset.cjs'), displayName: 'outbox' };
