/**
 * auditEventPage: cursor paging newest first (ties on the time broken by id, nothing repeated or
 * skipped), the filters (connection, types, outcome, actor, refresher, time range), and only
 * the caller's workspace, on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { AuditEvent, Workspace, type AuditEventType } from '../persistence/entities/index.js';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';

interface Row {
  id: string;
  connectionCode: string;
  type: string;
  outcome: string;
  actor: string | null;
  at: string;
  lastAt: string;
  count: number;
}

interface Page {
  events: Row[];
  endCursor: string | null;
  hasNextPage: boolean;
}

const BASE = Date.parse('2026-11-30T10:00:00.000Z');
const minute = (n: number) => new Date(BASE + n * 60_000);

describe.each(testDatabases())('auditEventPage on %s', (kind) => {
  let server: TestServer;
  let client: RecordingClient;
  let viewer: string;

  const page = async (variables: Record<string, unknown>, key = viewer) => {
    const res = await client.gql<{ auditEventPage: Page }>(
      `query($f: AuditEventFilter, $first: Int, $after: String) {
        auditEventPage(filter: $f, first: $first, after: $after) { events { id connectionCode type outcome actor at lastAt count } endCursor hasNextPage }
      }`,
      variables,
      { apiKey: key },
    );
    return res;
  };
  const all = async (filter: Record<string, unknown>) => {
    const res = await page({ f: filter, first: 500 });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.auditEventPage.events;
  };

  beforeAll(async () => {
    server = await startTestServer({ database: kind });
    client = new RecordingClient(server.url);
    const cookie = await client.login(server.adminEmail, server.adminPassword);
    viewer = await client.createApiKey(cookie, 'history viewer', 'VIEWER');
    const em = server.app.orm.em.fork();
    const workspace = await em.findOneOrFail(Workspace, { slug: 'default' });
    // 30 events of two connections, 10 of them at the same minute (the tie-break by id).
    const rows = Array.from({ length: 30 }, (_, i) => {
      const failed = i % 3 === 0;
      const type: AuditEventType = failed ? 'TOKEN_REFRESH_FAILED' : i % 3 === 1 ? 'TOKEN_REFRESHED' : 'TOKEN_TESTED';
      return em.create(AuditEvent, {
        workspaceId: workspace.id,
        connectionCode: i % 2 === 0 ? 'CRM' : 'ERP',
        type,
        outcome: failed ? 'FAILURE' : 'SUCCESS',
        actor: type === 'TOKEN_TESTED' ? (i % 4 === 0 ? 'Ada Admin' : 'API key "nightly"') : null,
        at: i < 10 ? minute(5) : minute(i),
        message: `event ${i}`,
        ...(i === 12 ? { count: 4, lastAt: minute(40) } : {}),
      });
    });
    // Another workspace's event: never visible here.
    const other = em.create(Workspace, { slug: 'history-other', company: 'Other', environment: 'test', name: 'Other' } as never);
    em.persist(other);
    em.persist(rows);
    await em.flush();
    const fork = em.fork();
    await fork.persistAndFlush(
      fork.create(AuditEvent, { workspaceId: other.id, connectionCode: 'CRM', type: 'TOKEN_TESTED', at: minute(3), message: 'elsewhere' }),
    );
  });

  afterAll(async () => {
    await server?.close();
  });

  it('pages through every event newest first, each once, with a cursor', async () => {
    const expected = await all({ connectionCode: null });
    const seen: Row[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await page({ first: 7, after });
      expect(res.body.errors).toBeUndefined();
      const current: Page = res.body.data!.auditEventPage;
      seen.push(...current.events);
      expect(current.hasNextPage).toBe(current.endCursor !== null);
      after = current.endCursor;
      pages += 1;
    } while (after !== null);
    // 30 of ours plus those of the server's own setup (the API key's creation is not audited).
    expect(seen.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    expect(new Set(seen.map((row) => row.id)).size).toBe(seen.length);
    expect(seen.filter((row) => row.connectionCode === 'CRM' || row.connectionCode === 'ERP')).toHaveLength(30);
    expect(pages).toBe(Math.ceil(seen.length / 7));
    const times = seen.map((row) => Date.parse(row.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(seen.some((row) => row.connectionCode === 'CRM' && row.at === minute(3).toISOString())).toBe(false);
  });

  it('filters by connection, types, outcome, actor and who did it', async () => {
    expect(await all({ connectionCode: 'ERP' })).toHaveLength(15);
    expect((await all({ types: ['TOKEN_REFRESHED', 'TOKEN_TESTED'] })).every((row) => row.type !== 'TOKEN_REFRESH_FAILED')).toBe(true);
    const failures = await all({ outcome: 'FAILURE' });
    expect(failures).toHaveLength(10);
    expect(failures.every((row) => row.type === 'TOKEN_REFRESH_FAILED')).toBe(true);
    const ada = await all({ actor: 'ada' });
    expect(ada.length).toBeGreaterThan(0);
    expect(ada.every((row) => row.actor === 'Ada Admin')).toBe(true);
    expect((await all({ byRefresher: true })).every((row) => row.actor === null)).toBe(true);
    expect((await all({ byRefresher: false, connectionCode: 'CRM' })).every((row) => row.actor !== null)).toBe(true);
    expect(await all({ connectionCode: 'not a code!' })).toEqual([]);
  });

  it('filters by time range; a folded row matches when its span (first to last) overlaps it', async () => {
    const range = await all({ since: minute(20).toISOString(), until: minute(25).toISOString() });
    expect(range.map((row) => row.at)).toEqual([24, 23, 22, 21, 20, 12].map((n) => minute(n).toISOString()));
    const late = await all({ since: minute(35).toISOString() });
    expect(late.map((row) => [row.at, row.lastAt, row.count])).toContainEqual([minute(12).toISOString(), minute(40).toISOString(), 4]);
  });

  it('refuses a forged cursor, a page size out of range and an empty time range', async () => {
    for (const variables of [
      { after: 'bm90LWEtY3Vyc29y' },
      { first: 501 },
      { f: { since: minute(5).toISOString(), until: minute(5).toISOString() } },
    ]) {
      const res = await page(variables);
      expect(res.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    }
  });
});
