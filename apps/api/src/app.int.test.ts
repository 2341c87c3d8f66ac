import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { Authorization } from './persistence/entities/index.js';
import { createOrm } from './persistence/orm.js';
import { createTestDatabase, startTestServer } from './testing/index.js';

describe('app lifecycle', () => {
  it('close() stops the domain before the database: no lease of this instance is left behind', async () => {
    const database = await createTestDatabase('postgres');
    const server = await startTestServer({ sharedDatabase: database });
    const orm = await createOrm(database.database);
    try {
      const em = orm.em.fork();
      const row = em.create(Authorization, { workspaceId: randomUUID(), connectionId: randomUUID() });
      await em.flush();
      const owner = server.app.domain.services.coordinator.ownerId;
      expect(await server.app.ports.lease.acquire(row.connectionId, owner, 60_000)).toBe(true);

      await server.close();
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      const after = await orm.em.fork().findOneOrFail(Authorization, { connectionId: row.connectionId });
      expect(after.leaseOwner).toBeNull();
      // Closing twice is harmless.
      await server.app.close();
    } finally {
      await orm.close(true);
      await database.drop();
    }
  });

  it('close() also ends open WebSocket (graphql-ws) connections instead of waiting for them', async () => {
    const server = await startTestServer();
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    // Were the socket kept open, close() would hang and the test time out.
    await server.close();
    expect(await closed).toBeGreaterThan(0);
  });

  it('creates a first admin with a one-time password that never reaches the JSON log', async () => {
    const database = await createTestDatabase('sqlite');
    const dataDir = await mkdtemp(join(tmpdir(), 'gk-first-'));
    const lines: string[] = [];
    const logger = createLogger({
      level: 'trace',
      destination: new Writable({
        write(chunk: Buffer, _e, cb) {
          lines.push(chunk.toString());
          cb();
        },
      }),
    });
    const app = await createApp(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: database.url, PORT: '0' }), { logger });
    try {
      const admin = app.bootstrap.createdAdmin;
      expect(admin?.user.email).toBe('admin@grantkeeper.local');
      const password = admin?.oneTimePassword ?? '';
      expect(password.length).toBeGreaterThanOrEqual(16);
      expect((await app.auth.sessions.login(admin!.user.email, password, '127.0.0.1')).user.role).toBe('ADMIN');
      expect(lines.join('')).not.toContain(password);
      expect(lines.join('')).toContain('MASTER_KEY is not set');
    } finally {
      await app.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
