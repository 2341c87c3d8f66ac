/**
 * Multi-row INSERTs (`batch-insert.ts`) on both dialects, through the audit log's batch writer
 * (whose messages can quote a provider's error text): on PostgreSQL the rows travel as one array
 * per column, so every value must come back exactly as given: quotes, backslashes, braces, commas
 * and line breaks in text (which an array literal must escape), characters outside the BMP,
 * nulls, JSON columns, and times to the millisecond.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService, type StagedEvent } from '../services/audit-service.js';
import { createTestDatabase, testDatabases, type TestDatabase } from '../testing/databases.js';
import { AuditEvent } from './entities/index.js';
import { createOrm, migrate, type Orm } from './orm.js';
import { createRawSql } from './raw-sql.js';

const awkward = [
  `quote " and 'single', backslash \\ and \\" together`,
  '{braces, "and", commas}',
  'line\nbreak\ttab\r\nend',
  'emoji 🔑 and ümlauts, NULL, null',
  'ends with a backslash \\',
];

describe.each(testDatabases())('insertRows on %s', (kind) => {
  let db: TestDatabase;
  let orm: Orm;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    orm = await createOrm(db.database);
    await migrate(orm);
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('stores every value of every row exactly as given', async () => {
    const workspaceId = randomUUID();
    const at = new Date('2026-03-29T01:30:45.678Z');
    const events: StagedEvent[] = awkward.map((message, i) => ({
      entry: {
        workspaceId,
        connectionId: i === 0 ? null : randomUUID(),
        connectionCode: `code-${i}`,
        type: 'TOKEN_REFRESHED',
        actor: { kind: 'user', id: null, name: i % 2 === 0 ? null : message.slice(0, 20) },
        message,
        details: i === 1 ? undefined : { message, nested: { list: [1, 'two', null], quote: '"' } },
      },
      authorization: null,
    }));
    const sql = createRawSql(orm, kind);
    await sql.transaction((tx) => new AuditService().stageMany(tx, events, at));

    const stored = await orm.em.fork().find(AuditEvent, { workspaceId }, { orderBy: { connectionCode: 'asc' } });
    expect(stored.map((row) => row.connectionCode)).toEqual(events.map(({ entry }) => entry.connectionCode));
    stored.forEach((row, i) => {
      const { entry } = events[i]!;
      expect(row.message).toBe(entry.message);
      expect(row.actor).toBe(entry.actor.name);
      expect(row.connectionId).toBe(entry.connectionId);
      expect(row.details).toEqual(entry.details ?? null);
      expect(row.at.toISOString()).toBe(at.toISOString());
    });
  });
});
