/**
 * /readyz follows its dependencies: with REDIS_URL set it answers 503 with the reason while
 * Redis cannot be reached (a TCP relay in front of the real Redis is cut) and 200 again once it
 * can; /healthz answers throughout (liveness only).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { freePort } from '@grantkeeper/test-idp';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/index.js';

const REDIS = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

/** Relays 127.0.0.1:port to the real Redis until closed (every open connection is cut). */
async function startRelay(port: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(Number(REDIS.port || 6379), REDIS.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

describe('/readyz with Redis', () => {
  it('is 503 with the reason while Redis is unreachable, and ready again after', async () => {
    const port = await freePort();
    let relay = await startRelay(port);
    const server = await startTestServer({ redisUrl: `redis://127.0.0.1:${port}` });
    try {
      const ready = async () => {
        const res = await fetch(`${server.url}/readyz`);
        return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
      };
      expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });

      await relay.close();
      await expect.poll(async () => (await ready()).status, { timeout: 10_000 }).toBe(503);
      const down = await ready();
      expect(down.body).toEqual({ status: 'unavailable', reason: expect.stringContaining('Redis is not reachable') });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      relay = await startRelay(port);
      await expect.poll(async () => (await ready()).status, { timeout: 15_000 }).toBe(200);
    } finally {
      await server.close();
      await relay.close();
    }
  }, 60_000);
});
