/**
 * The built server (dist/main.js: one bundle of the server and its dependencies, see
 * scripts/bundle.mjs) as an operator runs it, on each database: a first start migrates an empty
 * database, a second finds it migrated; GraphQL answers with the package's version; PostgreSQL
 * runs with Redis events (the driver and ioredis are loaded on demand, outside the main file);
 * SIGTERM shuts down cleanly with exit code 0.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from './graphql/test-support.js';
import { startBuiltServer } from './testing/built-server.js';
import { createTestDatabase, testDatabases, type TestDatabase } from './testing/index.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

describe.each(testDatabases())('the built server on %s', (kind) => {
  let db: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dataDir = await mkdtemp(join(tmpdir(), 'gk-server-process-'));
    env = {
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      REDIS_URL: kind === 'postgres' ? REDIS_URL : '',
      MASTER_KEY: db.masterKey,
      BOOTSTRAP_ADMIN_EMAIL: 'admin@example.com',
      BOOTSTRAP_ADMIN_PASSWORD: db.adminPassword,
      LOG_LEVEL: 'info',
    };
  });
  afterAll(async () => {
    await db?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('migrates, serves GraphQL and stops cleanly on SIGTERM, then starts again on the migrated database', async () => {
    for (const start of ['first', 'second'] as const) {
      const server = await startBuiltServer(env);
      try {
        expect((await fetch(`${server.url}/readyz`)).status, server.output()).toBe(200);
        const client = new RecordingClient(server.url);
        const cookie = await client.login('admin@example.com', db.adminPassword);
        const info = await client.gql<{ serverInfo: { version: string } }>('{ serverInfo { version } }', {}, { cookie });
        expect(info.body.data?.serverInfo.version, info.text).toBe(version);
        expect(server.output().includes('Applied database migrations')).toBe(start === 'first');
        expect(server.output()).toContain(kind === 'postgres' ? 'Events:              Redis' : 'Events:              in-process');
      } finally {
        expect(await server.stop(), server.output()).toBe(0);
      }
      expect(server.output()).toContain('"msg":"Stopped"');
      expect(server.output()).not.toContain('Second signal');
    }
  });
});
