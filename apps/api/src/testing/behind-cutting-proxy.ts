/**
 * A test server on its own PostgreSQL database, reached through a cutting proxy (to lose a
 * connection right after the server answered), with a local rotating token endpoint: the setup
 * of the tests of writes that committed unheard.
 */
import { startCuttingProxy, type CuttingProxy } from './cutting-proxy.js';
import { POSTGRES_ADMIN_URL, createTestDatabase, type TestDatabase } from './databases.js';
import { startTestServer, type TestServer } from './test-server.js';
import { startTokenEndpoint, type TokenEndpoint } from './token-endpoint.js';

export interface BehindCuttingProxy {
  endpoint: TokenEndpoint;
  proxy: CuttingProxy;
  /** REFRESHER_INTERVAL_MS one hour: the refresher runs when the test ticks it. */
  server: TestServer;
  close(): Promise<void>;
}

export async function startBehindCuttingProxy(): Promise<BehindCuttingProxy> {
  const opened: { close(): Promise<void> }[] = [];
  const close = async () => {
    for (const resource of opened.splice(0).reverse()) await resource.close();
  };
  try {
    const endpoint = await startTokenEndpoint();
    opened.push(endpoint);
    const admin = new URL(POSTGRES_ADMIN_URL);
    const proxy = await startCuttingProxy({ host: admin.hostname, port: Number(admin.port || 5432) });
    opened.push(proxy);
    const database: TestDatabase = await createTestDatabase('postgres');
    opened.push({ close: () => database.drop() });
    const server = await startTestServer({
      sharedDatabase: { ...database, url: proxy.via(database.url) },
      env: { REFRESHER_INTERVAL_MS: '3600000', LOG_LEVEL: 'warn' },
    });
    opened.push(server);
    return { endpoint, proxy, server, close };
  } catch (error) {
    await close();
    throw error;
  }
}
