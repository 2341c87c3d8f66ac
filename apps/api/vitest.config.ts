import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (`main`) and ESM (`module`) builds. Dependencies loaded by Node
    // (type-graphql, @apollo/server, graphql-scalars) get the CJS one; make our own sources use
    // the same instance, or graphql rejects types "from another module or realm".
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
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
