/**
 * User administration in the audit trail, on SQLite and PostgreSQL: creating a user, changing
 * their role, disabling, enabling and resetting their password each write one audit event (who,
 * what, to which user; never a password) in the workspace the admin acted in, read with
 * `auditEventPage`/`auditEvents` like every other admin action, but only by the admins of the
 * whole instance who may see the users: never through an API key, not even an ADMIN one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '../persistence/entities/index.js';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { RecordingClient } from './test-support.js';

const USER_TYPES = ['USER_CREATED', 'USER_UPDATED', 'USER_DISABLED', 'USER_ENABLED', 'USER_PASSWORD_RESET'];
const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } oneTimePassword } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }`;
const RESET = `mutation($id: ID!) { resetUserPassword(id: $id) { oneTimePassword } }`;
const PAGE = `query($f: AuditEventFilter) { auditEventPage(filter: $f, first: 50) { events { connectionCode type actor outcome message at } } }`;
const LIST = `query { auditEvents(first: 50) { type } }`;

type Event = { connectionCode: string; type: string; actor: string | null; outcome: string; message: string; at: string };
type Page = { auditEventPage: { events: Event[] } };

describe.each(testDatabases())('user administration in the audit trail on %s', (database) => {
  let server: TestServer;
  let client: RecordingClient;
  let admin: { cookie: string };
  const passwords: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ database });
    client = new RecordingClient(server.url);
    admin = { cookie: await client.login(server.adminEmail, server.adminPassword) };
  });
  afterAll(() => server?.close());

  it('records who created, changed, disabled, enabled and reset which user, without a password', async () => {
    const created = await client.gql<{ createUser: { user: { id: string }; oneTimePassword: string } }>(
      CREATE,
      { i: { email: 'Olga@Example.test', displayName: 'Olga', role: 'VIEWER' } },
      admin,
    );
    expect(created.body.errors).toBeUndefined();
    const { user, oneTimePassword } = created.body.data!.createUser;
    passwords.push(oneTimePassword);
    expect((await client.gql(UPDATE, { id: user.id, i: { role: 'OPERATOR' } }, admin)).body.errors).toBeUndefined();
    expect((await client.gql(UPDATE, { id: user.id, i: { disabled: true } }, admin)).body.errors).toBeUndefined();
    expect((await client.gql(UPDATE, { id: user.id, i: { disabled: false } }, admin)).body.errors).toBeUndefined();
    const reset = await client.gql<{ resetUserPassword: { oneTimePassword: string } }>(RESET, { id: user.id }, admin);
    passwords.push(reset.body.data!.resetUserPassword.oneTimePassword);

    const page = await client.gql<Page>(PAGE, { f: { types: USER_TYPES } }, admin);
    expect(page.body.errors).toBeUndefined();
    const all = page.body.data!.auditEventPage.events;
    // The oldest: the first admin, created by the test server's first start.
    expect(all.at(-1)).toMatchObject({ type: 'USER_CREATED', actor: 'first start', message: expect.stringContaining(server.adminEmail) });
    const events = all.slice(0, -1);
    // Newest first; two events of the same millisecond may come in either order.
    expect(events.map((e) => e.type).sort()).toEqual([...USER_TYPES].sort());
    expect(events.map((e) => Date.parse(e.at))).toEqual(events.map((e) => Date.parse(e.at)).sort((a, b) => b - a));
    const me = (await client.gql<{ me: { displayName: string } }>(`query { me { displayName } }`, {}, admin)).body.data!.me.displayName;
    for (const event of events) {
      expect(event).toMatchObject({ connectionCode: '', actor: me, outcome: 'SUCCESS' });
      expect(event.message).toContain('olga@example.test');
    }
    expect(events.find((e) => e.type === 'USER_CREATED')!.message).toContain('VIEWER');
    expect(events.find((e) => e.type === 'USER_UPDATED')!.message).toMatch(/VIEWER.*OPERATOR/);

    // Never a password: not in what the API returns, nor in what is stored.
    const rows = await server.app.orm.em.fork().find(AuditEvent, { type: { $in: USER_TYPES as AuditEvent['type'][] } });
    expect(rows).toHaveLength(6);
    const stored = JSON.stringify(rows);
    for (const password of [...passwords, server.adminPassword]) {
      expect(stored).not.toContain(password);
      expect(JSON.stringify(all)).not.toContain(password);
    }
  });

  it('writes nothing for a refused change', async () => {
    const before = await client.gql<Page>(PAGE, { f: { types: USER_TYPES } }, admin);
    const me = await client.gql<{ me: { id: string } }>(`query { me { id } }`, {}, admin);
    const refused = await client.gql(UPDATE, { id: me.body.data!.me.id, i: { role: 'VIEWER' } }, admin);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const after = await client.gql<Page>(PAGE, { f: { types: USER_TYPES } }, admin);
    expect(after.body.data!.auditEventPage.events).toEqual(before.body.data!.auditEventPage.events);
  });

  it('shows them to admins of the whole instance only: not to an API key, even an ADMIN one', async () => {
    const made = await client.gql<{ createApiKey: { key: string } }>(
      `mutation { createApiKey(input: { name: "audit reader", role: ADMIN }) { key } }`,
      {},
      admin,
    );
    const apiKey = made.body.data!.createApiKey.key;
    const filtered = await client.gql<Page>(PAGE, { f: { types: USER_TYPES } }, { apiKey });
    expect(filtered.body.errors).toBeUndefined();
    expect(filtered.body.data!.auditEventPage.events).toEqual([]);
    const all = await client.gql<Page>(PAGE, {}, { apiKey });
    expect(all.body.data!.auditEventPage.events.filter((e) => USER_TYPES.includes(e.type))).toEqual([]);
    const listed = await client.gql<{ auditEvents: { type: string }[] }>(LIST, {}, { apiKey });
    expect(listed.body.data!.auditEvents.filter((e) => USER_TYPES.includes(e.type))).toEqual([]);
    // The instance admin still sees them without a filter.
    const mine = await client.gql<{ auditEvents: { type: string }[] }>(LIST, {}, admin);
    expect(mine.body.data!.auditEvents.filter((e) => USER_TYPES.includes(e.type)).length).toBeGreaterThan(0);
  });
});
