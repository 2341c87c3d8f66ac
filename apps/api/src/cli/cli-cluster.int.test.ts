/**
 * The CLI beside a running instance on PostgreSQL + Redis: a change it makes to cached data
 * reaches the instance through the event bus, not after the cache's TTL.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheInvalidationEvent } from '../events/index.js';
import { ApiKey } from '../persistence/entities/index.js';
import { startTestServer, type TestServer } from '../testing/index.js';
import { RecordingClient } from '../graphql/test-support.js';
import { capture } from './cli-test-support.js';
import { runCli } from './run.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('CLI writes reach a running instance (PostgreSQL + Redis)', () => {
  let server: TestServer;
  let client: RecordingClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer({ database: 'postgres', redisUrl: REDIS_URL });
    client = new RecordingClient(server.url);
    env = {
      DATA_DIR: server.dataDir,
      DATABASE_URL: server.database.url,
      MASTER_KEY: server.database.masterKey,
      REDIS_URL,
    };
  }, 60_000);

  afterAll(async () => {
    await server?.close();
  });

  async function createKey(name: string): Promise<{ key: string; id: string }> {
    const result = capture();
    expect(await runCli(['create-api-key', '--name', name, '--role', 'VIEWER'], env, result.io)).toBe(0);
    const key = result.out.map((l) => l.trim()).find((l) => l.startsWith('gk_'))!;
    const id = /\(id ([^)]+)\)/.exec(result.out.join('\n'))?.[1];
    expect(id).toBeDefined();
    return { key, id: id! };
  }

  const whoAmI = async (key: string) =>
    (await client.gql<{ workspaces: { slug: string }[] }>(`query { workspaces { slug } }`, {}, { apiKey: key })).body;

  /** Resolves when the instance's bus has delivered the invalidation of `key` (its cache listened first). */
  function invalidationSeen(key: string): Promise<CacheInvalidationEvent> {
    return new Promise((resolve) => {
      const off = server.app.domain.bus.on('cache/invalidate', (event) => {
        if (event.cache === 'apiKey' && event.key === key) {
          off();
          resolve(event);
        }
      });
    });
  }

  it('the instance keeps serving a cached key deleted behind its back (the cache is real)', async () => {
    const { key, id } = await createKey('deleted-in-sql');
    expect((await whoAmI(key)).data?.workspaces).toEqual([{ slug: 'default' }]);
    await server.app.orm.em.fork().nativeDelete(ApiKey, { id });
    expect((await whoAmI(key)).data?.workspaces).toEqual([{ slug: 'default' }]);
  });

  it('refuses a key as soon as `cli delete-api-key` deleted it', async () => {
    const { key, id } = await createKey('deleted-by-cli');
    expect((await whoAmI(key)).data?.workspaces).toEqual([{ slug: 'default' }]); // now cached
    const seen = invalidationSeen(id);
    const result = capture();
    expect(await runCli(['delete-api-key', '--id', id], env, result.io)).toBe(0);
    expect(result.out.join('\n')).toContain(`Deleted API key ${id}`);
    await seen;
    const refused = await whoAmI(key);
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_API_KEY' });

    const again = capture();
    expect(await runCli(['delete-api-key', '--id', id], env, again.io)).toBe(2);
    expect(again.err.join('\n')).toContain(`There is no API key "${id}"`);
  });
});
