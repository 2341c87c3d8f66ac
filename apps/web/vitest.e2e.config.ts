import { defineConfig } from 'vitest/config';

/** End-to-end tests: real Chromium, the real API (apps/api/dist) and the test IdP. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
