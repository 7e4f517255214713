// Jest preset for packages whose tests talk to real MongoDB/FerretDB, Redis and SMTP.
const path = require('node:path');
module.exports = {
  ...require('../../jest.preset.cjs'),
  globalSetup: path.join(__dirname, 'src/jest-global-setup.ts'),
  globalTeardown: path.join(__dirname, 'src/jest-global-teardown.ts'),
};
