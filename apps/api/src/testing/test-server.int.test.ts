import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { knex } from '@mikro-orm/postgresql';
import { POSTGRES_ADMIN_URL, createTestDatabase, startTestServer, testDatabases } from './index.js';

async function postgresDatabaseExists(name: string): Promise<boolean> {
  const db = knex({ client: 'pg', connection: POSTGRES_ADMIN_URL });
  try {
    const result = await db.raw('select 1 from pg_database where datname = ?', [name]);
    return (result as { rows: unknown[] }).rows.length > 0;
  } finally {
    await db.destroy();
  }
}

describe.each(testDatabases())('startTestServer on %s', (kind) => {
  it('starts a ready server with a signed-in-able admin, and cleans everything up on close', async () => {
    const server = await startTestServer({ database: kind });
    let closed = false;
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect(server.app.config.database.kind).toBe(kind);
      const login = await server.app.auth.sessions.login(server.adminEmail, server.adminPassword, '127.0.0.1');
      expect(login.user.role).toBe('ADMIN');
      expect(server.logs().some((l) => l.includes('Applied database migrations'))).toBe(true);
      await server.close();
      closed = true;
      await expect(stat(server.dataDir)).rejects.toThrow();
      if (kind === 'postgres') {
        const name = new URL(server.database.url).pathname.slice(1);
        expect(await postgresDatabaseExists(name)).toBe(false);
      }
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    } finally {
      if (!closed) await server.close();
    }
  });

  it('runs two instances on one shared database with one master key and one admin', async () => {
    const database = await createTestDatabase(kind);
    const a = await startTestServer({ sharedDatabase: database });
    const b = await startTestServer({ sharedDatabase: database });
    try {
      expect(a.url).not.toBe(b.url);
      expect(a.app.vault.activeKeyId).toBe(b.app.vault.activeKeyId);
      const envelope = a.app.vault.encrypt('x', { workspaceId: 'w', connectionId: 'c', field: 'f' });
      expect(b.app.vault.decrypt(envelope, { workspaceId: 'w', connectionId: 'c', field: 'f' })).toBe('x');
      expect((await b.app.auth.sessions.login(b.adminEmail, b.adminPassword, '127.0.0.1')).user.email).toBe(a.adminEmail);
    } finally {
      await a.close();
      await b.close();
      await database.drop();
    }
  });
});
