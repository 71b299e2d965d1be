// The package's own tests: pure, or against a local node:http server; no database or broker needed.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
};
