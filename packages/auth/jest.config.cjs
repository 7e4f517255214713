// The sign-in guard counts in a real Redis, so these tests use the preset that starts the servers.
module.exports = { ...require('@rammeaftale/testing/jest.preset.cjs'), displayName: 'auth' };
