/**
 * A start-up that fails half way closes what it had opened, in reverse order: here the port is
 * in use, so `start()` fails after the Redis event bus (two connections) and the database are
 * open. Nobody calls `close()`: the failed start itself must leave no socket behind.
 */
import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createTestDatabase, type TestDatabase } from './testing/index.js';

/** Open TCP sockets of this process (Redis and PostgreSQL connections are among them). */
const openSockets = () => process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;

function occupyPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

describe('a failed start-up', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('closes the Redis connections, the HTTP server and the database when the port is in use', async () => {
    const database: TestDatabase = await createTestDatabase('sqlite');
    cleanups.push(() => database.drop());
    const dataDir = await mkdtemp(join(tmpdir(), 'gk-startup-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const occupied = await occupyPort();
    cleanups.push(() => new Promise((resolve) => occupied.server.close(resolve)));

    const socketsBefore = openSockets();
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: String(occupied.port),
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    const app = await createApp(config, { logger: createLogger({ level: 'silent' }) });
    await app.domain.bus.ready();
    expect(openSockets()).toBeGreaterThanOrEqual(socketsBefore + 2); // pub and sub

    await expect(app.start()).rejects.toMatchObject({ code: 'EADDRINUSE' });

    expect(openSockets()).toBe(socketsBefore);
    expect(await app.orm.isConnected()).toBe(false);
    expect(app.fastify.server.listening).toBe(false);
    // A later close() (main.ts calls it) is harmless.
    await app.close();
  });
});
