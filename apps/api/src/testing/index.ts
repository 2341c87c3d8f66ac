export { POSTGRES_ADMIN_URL, createTestDatabase, testDatabases, type TestDatabase, type TestDatabaseKind } from './databases.js';
export { startTestServer, type StartTestServerOptions, type TestServer } from './test-server.js';
export { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver.js';
