export {
  POSTGRES_ADMIN_URL,
  createTestDatabase,
  testDatabases,
  type TestDatabase,
  type TestDatabaseKind,
} from './databases.js';
export { freePort, startTestServer, type StartTestServerOptions, type TestServer } from './test-server.js';
