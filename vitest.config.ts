import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code (src/**/*.test.ts); database and API tests in test/api.
// TEST_DB=pglite (default) or postgres picks the database the API suite runs against; see scripts/test.mjs.
export default defineConfig({
  test: {
    include:
      process.env.TEST_DB === 'postgres'
        ? ['test/api/**/*.test.ts']
        : ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
