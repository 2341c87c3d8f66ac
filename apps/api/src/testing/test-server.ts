/**
 * A real Grantkeeper server for integration tests (API and console): a temp DATA_DIR, a fresh
 * database (SQLite file, or a new PostgreSQL database dropped on close), a free port on
 * 127.0.0.1, a bootstrap admin with a random password, and every log line kept in memory so a
 * test can assert that no secret was logged.
 */
import { freePort } from '@grantkeeper/test-idp';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type App, type CreateAppOptions } from '../app.js';
import { loadConfig, type ConfigEnv } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from './databases.js';

export interface StartTestServerOptions {
  database?: TestDatabaseKind;
  redisUrl?: string;
  /** Extra environment (PORT, PUBLIC_URL, DATABASE_URL and DATA_DIR are chosen unless given). */
  env?: Partial<ConfigEnv>;
  /**
   * Share an existing database (e.g. two instances on one PostgreSQL): its DATABASE_URL is used
   * and it is not dropped by this server's close().
   */
  sharedDatabase?: TestDatabase;
  /** A short webhook retry schedule and poll interval. */
  webhooks?: CreateAppOptions['webhooks'];
}

export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:41234 (also PUBLIC_URL). */
  url: string;
  app: App;
  adminEmail: string;
  adminPassword: string;
  database: TestDatabase;
  dataDir: string;
  /** Every JSON log line written so far. */
  logs(): string[];
  /** Stop the server, drop its database (unless shared) and delete its DATA_DIR. */
  close(): Promise<void>;
}

/** A JSON logger whose lines are kept in memory, for tests that read what the server logged. */
function capturedLogger(level: string | undefined): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({
    level: (level as 'info' | undefined) ?? 'info',
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(
          ...chunk
            .toString('utf8')
            .split('\n')
            .filter((l) => l !== ''),
        );
        callback();
      },
    }),
  });
  return { logger, lines };
}

export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const kind = options.database ?? options.sharedDatabase?.kind ?? 'sqlite';
  const database = options.sharedDatabase ?? (await createTestDatabase(kind));
  const dataDir = await mkdtemp(join(tmpdir(), 'gk-data-'));
  const port = await freePort();
  const adminEmail = 'admin@grantkeeper.test';
  const adminPassword = database.adminPassword;
  const { logger, lines } = capturedLogger(options.env?.LOG_LEVEL);

  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    BOOTSTRAP_ADMIN_EMAIL: adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
    MASTER_KEY: database.masterKey,
    REDIS_URL: options.redisUrl,
    ...options.env,
  });

  let app: App;
  try {
    app = await createApp(config, { logger, ...(options.webhooks ? { webhooks: options.webhooks } : {}) });
    await app.start();
  } catch (err) {
    if (options.sharedDatabase === undefined) await database.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const started = app;
  return {
    url: config.publicUrl,
    app: started,
    adminEmail: config.bootstrapAdmin?.email ?? adminEmail,
    adminPassword: config.bootstrapAdmin?.password ?? adminPassword,
    database,
    dataDir,
    logs: () => [...lines],
    async close() {
      try {
        await started.close();
      } finally {
        if (options.sharedDatabase === undefined) await database.drop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
