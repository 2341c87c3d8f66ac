/**
 * User administration over real HTTP and WebSocket, on SQLite and PostgreSQL: an admin lists
 * users, creates one with a role (a one-time password, changed at the first sign-in), changes
 * the role (seen at once by the user's open session), disables a user (their sessions and live
 * subscriptions end at once, sign-in is refused) and resets a password; any user changes their
 * own password; the last active admin stays. No password reaches a log, and the one-time
 * password only the response that hands it to the admin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { codeOf } from './contract-server.js';
import { RecordingClient, subscribe, type GqlResponse } from './test-support.js';

type Created = {
  createUser: {
    user: { id: string; role: string; mustChangePassword: boolean };
    oneTimePassword: string;
  };
};
const CREATE = `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id email role disabled lastSignInAt workspaceSlugs mustChangePassword } oneTimePassword } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id role disabled workspaceSlugs } }`;
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`;
const reasonOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.reason;

describe.each(testDatabases())('user administration on %s', (database) => {
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

  /** A user created by the admin who signed in and chose `password`; returns id and cookie. */
  async function activeUser(email: string, role: string, password: string): Promise<{ id: string; cookie: string }> {
    const created = await client.gql<Created>(CREATE, { i: { email, displayName: email.split('@')[0], role } }, admin);
    const { user, oneTimePassword } = created.body.data!.createUser;
    const cookie = await client.login(email, oneTimePassword);
    expect((await client.gql(CHANGE, { c: oneTimePassword, n: password }, { cookie })).body.data).toEqual({ changePassword: true });
    passwords.push(oneTimePassword, password);
    return { id: user.id, cookie };
  }

  it('creates a user with a role and a one-time password that allows nothing but changing it', async () => {
    const created = await client.gql<Created>(CREATE, { i: { email: 'Vera@Example.test', displayName: 'Vera', role: 'VIEWER' } }, admin);
    expect(created.body.errors).toBeUndefined();
    const { user, oneTimePassword } = created.body.data!.createUser;
    expect(user).toMatchObject({
      email: 'vera@example.test',
      role: 'VIEWER',
      disabled: false,
      lastSignInAt: null,
      workspaceSlugs: null,
      mustChangePassword: true,
    });
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(20);
    passwords.push(oneTimePassword);

    const cookie = await client.login('vera@example.test', oneTimePassword);
    const me = await client.gql<{ me: { mustChangePassword: boolean; lastSignInAt: string } }>(
      `query { me { mustChangePassword lastSignInAt } }`,
      {},
      { cookie },
    );
    expect(me.body.data!.me.mustChangePassword).toBe(true);
    expect(Date.parse(me.body.data!.me.lastSignInAt)).toBeGreaterThan(Date.now() - 60_000);
    const blocked = await client.gql(`query { connections { code } }`, {}, { cookie });
    expect([codeOf(blocked), reasonOf(blocked)]).toEqual(['FORBIDDEN', 'PASSWORD_CHANGE_REQUIRED']);

    const wrong = await client.gql(CHANGE, { c: 'not-the-password', n: 'vera-chose-this-1' }, { cookie });
    expect([codeOf(wrong), reasonOf(wrong)]).toEqual(['BAD_USER_INPUT', 'WRONG_PASSWORD']);
    expect(codeOf(await client.gql(CHANGE, { c: oneTimePassword, n: 'short' }, { cookie }))).toBe('BAD_USER_INPUT');
    expect((await client.gql(CHANGE, { c: oneTimePassword, n: 'vera-chose-this-1' }, { cookie })).body.data).toEqual({
      changePassword: true,
    });
    passwords.push('vera-chose-this-1');
    expect((await client.gql(`query { connections { code } }`, {}, { cookie })).body.errors).toBeUndefined();
    await expect(client.login('vera@example.test', oneTimePassword)).rejects.toThrow(/login failed/);

    const duplicate = await client.gql(CREATE, { i: { email: 'vera@example.test', displayName: 'V', role: 'ADMIN' } }, admin);
    expect(codeOf(duplicate)).toBe('CONFLICT');
    const list = await client.gql<{ users: { email: string; role: string }[] }>(`query { users { email role disabled } }`, {}, admin);
    expect(list.body.data!.users.map((u) => u.email)).toEqual(['admin@grantkeeper.test', 'vera@example.test']);
  });

  it('changes a role: the open session acts with the new role at once', async () => {
    const { id, cookie } = await activeUser('oscar@example.test', 'VIEWER', 'oscar-password-1');
    expect(codeOf(await client.gql(`mutation { testToken(connectionCode: "NONE") { valid } }`, {}, { cookie }))).toBe('FORBIDDEN');
    const closed: unknown[] = [];
    const live = await subscribe(server, `subscription { authorizationChanged { status } }`, {}, { cookie }, (e) => closed.push(e));
    expect((await client.gql(UPDATE, { id, i: { role: 'OPERATOR' } }, admin)).body.data).toMatchObject({
      updateUser: { role: 'OPERATOR' },
    });
    // The socket was opened with the old role: it closes with a code clients reconnect after.
    await expect.poll(() => closed.length).toBeGreaterThan(0);
    expect(closed[0]).toMatchObject({ code: 4000 });
    await live.close();
    expect((await client.gql<{ me: { role: string } }>(`query { me { role } }`, {}, { cookie })).body.data!.me.role).toBe('OPERATOR');
    expect(codeOf(await client.gql(`mutation { testToken(connectionCode: "NONE") { valid } }`, {}, { cookie }))).toBe('NOT_FOUND');
    expect(codeOf(await client.gql(`query { users { id } }`, {}, { cookie }))).toBe('FORBIDDEN');
  });

  it('disabling ends the sessions at once over HTTP and WebSocket and refuses sign-in until enabled', async () => {
    const { id, cookie } = await activeUser('dora@example.test', 'OPERATOR', 'dora-password-1');
    const closed: unknown[] = [];
    const live = await subscribe(server, `subscription { authorizationChanged { status } }`, {}, { cookie }, (e) => closed.push(e));
    expect((await client.gql(UPDATE, { id, i: { disabled: true } }, admin)).body.data).toMatchObject({ updateUser: { disabled: true } });
    await expect.poll(() => closed.length).toBeGreaterThan(0);
    expect(closed[0]).toMatchObject({ code: 4401 });
    expect((await client.gql(`query { me { id } }`, {}, { cookie })).body.data).toEqual({
      me: null,
    });
    expect(codeOf(await client.gql(`query { connections { code } }`, {}, { cookie }))).toBe('UNAUTHENTICATED');
    const refused = await client.gql(`mutation { login(email: "dora@example.test", password: "dora-password-1") { id } }`);
    expect([codeOf(refused), reasonOf(refused)]).toEqual(['UNAUTHENTICATED', 'ACCOUNT_DISABLED']);
    await expect(subscribe(server, `subscription { authorizationChanged { status } }`, {}, { cookie })).rejects.toMatchObject({
      code: 4403,
    });

    await client.gql(UPDATE, { id, i: { disabled: false } }, admin);
    expect(await client.login('dora@example.test', 'dora-password-1')).toMatch(/^gk_session=/);
    await live.close();
  });

  it('resets a password: the old one and the sessions end, the new one must be changed', async () => {
    const { id, cookie } = await activeUser('rita@example.test', 'VIEWER', 'rita-password-1');
    const reset = await client.gql<{
      resetUserPassword: { oneTimePassword: string; user: { mustChangePassword: boolean } };
    }>(`mutation($id: ID!) { resetUserPassword(id: $id) { oneTimePassword user { mustChangePassword } } }`, { id }, admin);
    const { oneTimePassword, user } = reset.body.data!.resetUserPassword;
    passwords.push(oneTimePassword);
    expect(user.mustChangePassword).toBe(true);
    expect((await client.gql(`query { me { id } }`, {}, { cookie })).body.data).toEqual({
      me: null,
    });
    await expect(client.login('rita@example.test', 'rita-password-1')).rejects.toThrow(/login failed/);
    const again = await client.login('rita@example.test', oneTimePassword);
    expect(reasonOf(await client.gql(`query { workspaces { slug } }`, {}, { cookie: again }))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(codeOf(await client.gql(`mutation($id: ID!) { resetUserPassword(id: $id) { oneTimePassword } }`, { id: 'nope' }, admin))).toBe(
      'NOT_FOUND',
    );
  });

  it('keeps the last active admin: no demotion, disabling or workspace limit (CONFLICT), even when two admins race', async () => {
    const me = await client.gql<{ me: { id: string } }>(`query { me { id } }`, {}, admin);
    const adminId = me.body.data!.me.id;
    for (const change of [{ role: 'OPERATOR' }, { disabled: true }, { workspaceSlugs: ['default'] }]) {
      const refused = await client.gql(UPDATE, { id: adminId, i: change }, admin);
      expect([codeOf(refused), reasonOf(refused)]).toEqual(['CONFLICT', 'LAST_ADMIN']);
    }
    const second = await activeUser('ada@example.test', 'ADMIN', 'ada-password-1');
    const [one, two] = await Promise.all([
      client.gql(UPDATE, { id: second.id, i: { disabled: true } }, admin),
      client.gql(UPDATE, { id: adminId, i: { disabled: true } }, { cookie: second.cookie }),
    ]);
    expect([one, two].filter((res) => res.body.errors === undefined)).toHaveLength(1);
    const admins = (await server.app.auth.users.list()).filter((u) => u.role === 'ADMIN' && !u.disabled);
    expect(admins).toHaveLength(1);
  });

  it('never logs a password, and returns a one-time password only to the admin who asked for it', async () => {
    const logs = server.logs().join('\n');
    expect(passwords.length).toBeGreaterThan(5);
    for (const password of passwords) expect(logs).not.toContain(password);
    const changed = passwords.filter((p) => p.endsWith('-1'));
    for (const password of changed) expect(client.bodies.join('\n')).not.toContain(password);
    const created = server
      .logs()
      .map((line) => JSON.parse(line) as { msg: string; by?: string | null })
      .filter((line) => line.msg === 'User created');
    // The first admin (the first start: no user) and the ones an admin created (their id).
    expect(created[0]?.by).toBeNull();
    expect(created.length).toBeGreaterThan(1);
    for (const line of created.slice(1)) expect(line.by).toMatch(/^[0-9a-f-]{36}$/);
  });
});
