import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
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
});
