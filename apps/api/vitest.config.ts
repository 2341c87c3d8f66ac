import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    // Integration tests start real servers, databases and the test IdP.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every integration test file gets its own SQLite directory / PostgreSQL database
    // (src/testing), so files may run in parallel; two workers keep the shared machine calm.
    maxWorkers: 2,
  },
});
