/**
 * API keys in the audit trail, on SQLite and PostgreSQL: creating and deleting a key each write
 * one audit event (who, which key by name and prefix, what it may do; never the key) in the
 * key's workspace, read with `auditEventPage`/`auditEvents` by the workspace's ADMINs only (an
 * admin signed in or an ADMIN API key), as only they list the keys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../persistence/entities/index.js';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { RecordingClient, type Credentials } from './test-support.js';

const KEY_TYPES = ['API_KEY_CREATED', 'API_KEY_DELETED'];
const CREATE = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id prefix } } }`;
const DELETE = `mutation($id: ID!) { deleteApiKey(id: $id) }`;
const PAGE = `query($f: AuditEventFilter) { auditEventPage(filter: $f, first: 50) { events { connectionCode type actor outcome message } } }`;
const LIST = `query { auditEvents(first: 50) { type } }`;

type Event = { connectionCode: string; type: string; actor: string | null; outcome: string; message: string };
type Page = { auditEventPage: { events: Event[] } };
type Created = { createApiKey: { key: string; apiKey: { id: string; prefix: string } } };

describe.each(testDatabases())('API keys in the audit trail on %s', (database) => {
  let server: TestServer;
  let client: RecordingClient;
  let admin: { cookie: string };
  let adminName: string;
  const keys: string[] = [];

  const create = async (input: Record<string, unknown>, by: Credentials) => {
    const res = await client.gql<Created>(CREATE, { i: input }, by);
    expect(res.body.errors).toBeUndefined();
    keys.push(res.body.data!.createApiKey.key);
    return res.body.data!.createApiKey;
  };
  const keyEvents = async (by: Credentials): Promise<Event[]> => {
    const page = await client.gql<Page>(PAGE, { f: { types: KEY_TYPES } }, by);
    expect(page.body.errors).toBeUndefined();
    return page.body.data!.auditEventPage.events;
  };

  beforeAll(async () => {
    server = await startTestServer({ database });
    client = new RecordingClient(server.url);
    admin = { cookie: await client.login(server.adminEmail, server.adminPassword) };
    adminName = (await client.gql<{ me: { displayName: string } }>(`query { me { displayName } }`, {}, admin)).body.data!.me.displayName;
  });
  afterAll(() => server?.close());

  it('records who created and deleted which key, and what it could do, without the key', async () => {
    const adminKey = await create({ name: 'key admin', role: 'ADMIN' }, admin);
    const etl = await create(
      { name: 'etl', role: 'OPERATOR', connectionAccess: 'TOKEN', connectionCodes: ['CRM'], expiresAt: '2099-01-01T00:00:00.000Z' },
      admin,
    );
    const deleted = await client.gql(DELETE, { id: etl.apiKey.id }, { apiKey: adminKey.key });
    expect(deleted.body.errors).toBeUndefined();

    const events = await keyEvents(admin);
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['API_KEY_DELETED', 'API key "key admin"'],
      ['API_KEY_CREATED', adminName],
      ['API_KEY_CREATED', adminName],
    ]);
    for (const event of events) expect(event).toMatchObject({ connectionCode: '', outcome: 'SUCCESS' });
    expect(events[0]!.message).toBe(`Deleted API key "etl" (${etl.apiKey.prefix}…), role OPERATOR; it is refused from now on.`);
    expect(events[1]!.message).toBe(
      `Created API key "etl" (${etl.apiKey.prefix}…), role OPERATOR, connection access TOKEN to CRM, expires 2099-01-01T00:00:00.000Z.`,
    );
    expect(events[2]!.message).toBe(
      `Created API key "key admin" (${adminKey.apiKey.prefix}…), role ADMIN, no connection access, never expires.`,
    );

    // Never a key: not in what the API returns (beyond createApiKey's own answer), nor in what is stored.
    const rows = await server.app.orm.em.fork().find(AuditEvent, { type: { $in: KEY_TYPES as AuditEvent['type'][] } });
    expect(rows).toHaveLength(3);
    const stored = JSON.stringify(rows);
    for (const key of keys) {
      expect(stored).not.toContain(key);
      expect(JSON.stringify(events)).not.toContain(key);
    }
  });

  it('writes nothing for a refused creation or deletion', async () => {
    const before = await keyEvents(admin);
    const duplicate = await client.gql(CREATE, { i: { name: 'key admin', role: 'VIEWER' } }, admin);
    expect(duplicate.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const past = await client.gql(CREATE, { i: { name: 'late', role: 'VIEWER', expiresAt: '2000-01-01T00:00:00.000Z' } }, admin);
    expect(past.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await client.gql(DELETE, { id: 'no-such-key' }, admin);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await keyEvents(admin)).toEqual(before);
  });

  it("records them in the key's workspace", async () => {
    const other = await client.gql(
      `mutation { createWorkspace(input: { slug: "audit-other", company: "Other", environment: "test" }) { id } }`,
      {},
      admin,
    );
    expect(other.body.errors).toBeUndefined();
    const inOther = { ...admin, workspace: 'audit-other' };
    const made = await create({ name: 'elsewhere', role: 'VIEWER' }, inOther);
    expect((await keyEvents(inOther)).map((e) => e.message)).toEqual([expect.stringContaining(`"elsewhere" (${made.apiKey.prefix}…)`)]);
    expect((await keyEvents(admin)).map((e) => e.message).join('\n')).not.toContain('elsewhere');
  });

  it("shows them to the workspace's ADMINs only: not to an OPERATOR or VIEWER key", async () => {
    const admins = await create({ name: 'audit admin', role: 'ADMIN' }, admin);
    expect((await keyEvents({ apiKey: admins.key })).length).toBeGreaterThan(0);
    for (const role of ['OPERATOR', 'VIEWER']) {
      const { key: apiKey } = await create({ name: `audit ${role}`, role }, admin);
      expect(await keyEvents({ apiKey })).toEqual([]);
      const all = await client.gql<Page>(PAGE, {}, { apiKey });
      expect(all.body.data!.auditEventPage.events.filter((e) => KEY_TYPES.includes(e.type))).toEqual([]);
      const listed = await client.gql<{ auditEvents: { type: string }[] }>(LIST, {}, { apiKey });
      expect(listed.body.data!.auditEvents.filter((e) => KEY_TYPES.includes(e.type))).toEqual([]);
    }
  });
});
