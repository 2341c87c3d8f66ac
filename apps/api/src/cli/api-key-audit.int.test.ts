/**
 * The command line's API key commands in the audit trail, on SQLite and PostgreSQL: a key made
 * by `create-api-key` and removed by `delete-api-key` is audited in its workspace with the actor
 * `command line`, by name, prefix and what it may do, never with the key.
 */
import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { AuthService } from '../auth/index.js';
import { InProcessEventBus } from '../events/index.js';
import { AuditEvent } from '../persistence/entities/index.js';
import { createOrm } from '../persistence/orm.js';
import { testDatabases } from '../testing/databases.js';
import { capture, freshCliFixture } from './cli-test-support.js';
import { runCli } from './run.js';

describe.each(testDatabases())('CLI API key audit on %s', (kind) => {
  const cli = freshCliFixture(kind);

  it('audits the API keys it creates and deletes, by the command line, without the key', async () => {
    const created = capture();
    const args = ['create-api-key', '--name', 'etl', '--role', 'OPERATOR', '--connection-access', 'proxy', '--connections', 'CRM'];
    expect(await runCli(args, cli.env, created.io)).toBe(0);
    const key = created.out.map((l) => l.trim()).find((l) => l.startsWith('gk_'))!;
    const id = /\(id ([^)]+)\)/.exec(created.out.join('\n'))![1]!;
    const deleted = capture();
    expect(await runCli(['delete-api-key', '--id', id], cli.env, deleted.io)).toBe(0);
    const orm = await createOrm(cli.db.database);
    try {
      const workspaceId = (await new AuthService({ orm, bus: new InProcessEventBus(), sessionTtlMs: 60_000 }).workspaces.ensureDefault())
        .id;
      const events = await orm.em
        .fork()
        .find(AuditEvent, { type: { $in: ['API_KEY_CREATED', 'API_KEY_DELETED'] } }, { orderBy: { at: 'asc' } });
      const prefix = key.slice(0, 9);
      expect(
        events.map(({ workspaceId, type, actor, connectionCode, message }) => ({ workspaceId, type, actor, connectionCode, message })),
      ).toEqual([
        {
          workspaceId,
          type: 'API_KEY_CREATED',
          actor: 'command line',
          connectionCode: '',
          message: `Created API key "etl" (${prefix}…), role OPERATOR, connection access PROXY to CRM, never expires.`,
        },
        {
          workspaceId,
          type: 'API_KEY_DELETED',
          actor: 'command line',
          connectionCode: '',
          message: `Deleted API key "etl" (${prefix}…), role OPERATOR; it is refused from now on.`,
        },
      ]);
      expect(JSON.stringify(events)).not.toContain(key);
    } finally {
      await orm.close(true);
    }
  });
});
