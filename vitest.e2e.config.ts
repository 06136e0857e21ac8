import { defineConfig } from 'vitest/config';

// Browser tests (e2e/**/*.test.ts): a real server (e2e/support/server.ts) driven by Debian's
// /usr/bin/chromium through playwright-core (e2e/support/browser.ts). One file at a time: each
// starts its own server and browser, and the machine has two cores.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    globalSetup: ['e2e/support/globalSetup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
