// Three tiers: unit (pure, no I/O), integration (real PostgreSQL + real Kafka), e2e (the app over HTTP).
// The global setup starts the real infrastructure once for the run; see test/support/global-setup.mjs.
// Some packages the service loads are ES modules only (@fastify/cookie imports `cookie`, @fastify/static
// requires `content-disposition`, @octokit/webhooks-methods exports an "import" condition alone): Node runs
// them, Jest's CommonJS runtime cannot, so they are compiled to CommonJS like the sources (the rest of
// node_modules is left alone). test/unit/intake/github-signature.test.ts proves the last one loads.
const ESM_ONLY = ['@fastify/cookie', 'cookie', 'content-disposition', '@octokit/webhooks-methods'];
const transform = {
  '^.+\\.ts$': ['@swc/jest'],
  [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['@swc/jest', { module: { type: 'commonjs' } }],
};
const common = {
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: {
    '^@octokit/webhooks-methods$': '<rootDir>/node_modules/@octokit/webhooks-methods/dist-node/index.js',
  },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  // Real-infrastructure suites need room; unit tests finish in milliseconds either way.
  testTimeout: 120_000,
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
    },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // The console in Debian's Chromium (playwright-core) against the built service: `npm run build` first.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
    // The TypeScript client's own tests (also runnable alone: `npm test` in clients/typescript).
    { ...common, displayName: 'client', testMatch: ['<rootDir>/clients/typescript/test/**/*.test.ts'] },
  ],
};
