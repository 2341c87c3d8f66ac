/**
 * Keys and workspaces (issue 9, finding 8), over real HTTP and WebSocket on SQLite and
 * PostgreSQL: operations of the whole instance (workspaces, users) need a signed-in admin of
 * every workspace, never an API key; a user limited to workspaces neither sees nor reaches
 * another one, and a change of the limit applies at once (open sockets close).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { codeOf } from './contract-server.js';
import { RecordingClient, subscribe, type Credentials } from './test-support.js';

const WS_A = 'users-wt-a';
const WS_B = 'users-wt-b';
const SUBSCRIPTION = `subscription { authorizationChanged { connectionCode status } }`;

describe.each(testDatabases())('keys and workspaces on %s', (database) => {
  let server: TestServer;
  let client: RecordingClient;
  let admin: Credentials;
  let adminKey: string;
  let limited: { id: string; cookie: string };

  async function createConnection(code: string, workspace: string): Promise<void> {
    const res = await client.gql(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code } }`,
      { i: { code, name: code, authenticationType: 'NONE' } },
      { ...admin, workspace },
    );
    expect(res.body.errors).toBeUndefined();
  }

  beforeAll(async () => {
    server = await startTestServer({ database });
    client = new RecordingClient(server.url);
    admin = { cookie: await client.login(server.adminEmail, server.adminPassword) };
    adminKey = await client.createApiKey(admin.cookie!, 'instance attempts', 'ADMIN');
    for (const slug of [WS_A, WS_B]) {
      const made = await client.gql(
        `mutation($s: String!) { createWorkspace(input: { slug: $s, company: "Acme", environment: $s }) { slug } }`,
        { s: slug },
        admin,
      );
      expect(made.body.errors).toBeUndefined();
    }
    await createConnection('IN_A', WS_A);
    await createConnection('IN_B', WS_B);
    await createConnection('IN_DEFAULT', 'default');
    const created = await client.gql<{
      createUser: { user: { id: string }; oneTimePassword: string };
    }>(
      `mutation($i: CreateUserInput!) { createUser(input: $i) { user { id workspaceSlugs } oneTimePassword } }`,
      {
        i: { email: 'lim@example.test', displayName: 'Lim', role: 'ADMIN', workspaceSlugs: [WS_A] },
      },
      admin,
    );
    const { user, oneTimePassword } = created.body.data!.createUser;
    const cookie = await client.login('lim@example.test', oneTimePassword);
    await client.gql(
      `mutation($c: String!) { changePassword(currentPassword: $c, newPassword: "lim-password-1") }`,
      { c: oneTimePassword },
      { cookie },
    );
    limited = { id: user.id, cookie };
  });
  afterAll(() => server?.close());

  it('refuses instance-level operations to an admin API key bound to one workspace', async () => {
    const key = { apiKey: adminKey };
    const workspace = await client.gql(
      `mutation { createWorkspace(input: { slug: "users-wt-key", company: "K", environment: "k" }) { slug } }`,
      {},
      key,
    );
    expect(codeOf(workspace)).toBe('FORBIDDEN');
    expect(workspace.body.errors?.[0]?.extensions?.reason).toBe('SESSION_REQUIRED');
    expect(codeOf(await client.gql(`query { users { id } }`, {}, key))).toBe('FORBIDDEN');
    expect(
      codeOf(
        await client.gql(
          `mutation { createUser(input: { email: "k@example.test", displayName: "K", role: ADMIN }) { oneTimePassword } }`,
          {},
          key,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(codeOf(await client.gql(`mutation { changePassword(currentPassword: "a", newPassword: "bbbbbbbbbb") }`, {}, key))).toBe(
      'FORBIDDEN',
    );
    const slugs = await client.gql<{ workspaces: { slug: string }[] }>(`query { workspaces { slug } }`, {}, admin);
    expect(slugs.body.data!.workspaces.map((w) => w.slug)).not.toContain('users-wt-key');
    // Workspace-scoped admin work stays open to the key.
    expect((await client.gql(`query { apiKeys { id } }`, {}, key)).body.errors).toBeUndefined();
  });

  it('shows a limited user only their workspaces and answers any other as not found', async () => {
    const own = { cookie: limited.cookie };
    const list = await client.gql<{ workspaces: { slug: string }[] }>(`query { workspaces { slug } }`, {}, own);
    expect(list.body.data!.workspaces.map((w) => w.slug)).toEqual([WS_A]);
    const codes = async (credentials: Credentials) =>
      (await client.gql<{ connections: { code: string }[] }>(`query { connections { code } }`, {}, credentials)).body;
    expect((await codes(own)).data!.connections.map((c) => c.code)).toEqual(['IN_A']);
    expect((await codes({ ...own, workspace: WS_A })).data!.connections.map((c) => c.code)).toEqual(['IN_A']);
    for (const slug of [WS_B, 'default', 'users-wt-missing']) {
      const other = await client.gql(`query { connections { code } }`, {}, { ...own, workspace: slug });
      expect(codeOf(other), slug).toBe('NOT_FOUND');
      expect(other.text).not.toContain('IN_B');
      const mutation = await client.gql(`mutation { deleteConnection(code: "IN_B") }`, {}, { ...own, workspace: slug });
      expect(codeOf(mutation), slug).toBe('NOT_FOUND');
    }
    expect((await codes({ ...admin, workspace: WS_B })).data!.connections.map((c) => c.code)).toEqual(['IN_B']);
    const instance = await client.gql(
      `mutation { createWorkspace(input: { slug: "users-wt-lim", company: "L", environment: "l" }) { slug } }`,
      {},
      own,
    );
    expect([codeOf(instance), instance.body.errors?.[0]?.extensions?.reason]).toEqual(['FORBIDDEN', 'WORKSPACE_LIMITED']);
    expect(codeOf(await client.gql(`query { users { id } }`, {}, own))).toBe('FORBIDDEN');
  });

  it('lets a limited user subscribe only in their workspaces, and applies a new limit at once', async () => {
    await expect(subscribe(server, SUBSCRIPTION, {}, { cookie: limited.cookie, workspace: WS_B })).rejects.toMatchObject({ code: 4403 });
    const closed: unknown[] = [];
    const live = await subscribe(server, SUBSCRIPTION, {}, { cookie: limited.cookie, workspace: WS_A }, (e) => closed.push(e));

    const moved = await client.gql(
      `mutation($id: ID!, $s: [String!]) { updateUser(id: $id, input: { workspaceSlugs: $s }) { workspaceSlugs } }`,
      { id: limited.id, s: [WS_B] },
      admin,
    );
    expect(moved.body.data).toEqual({ updateUser: { workspaceSlugs: [WS_B] } });
    await expect.poll(() => closed.length).toBeGreaterThan(0);
    // Still signed in, but the socket was opened for a workspace now out of reach: reconnect.
    expect(closed[0]).toMatchObject({ code: 4000 });
    expect(codeOf(await client.gql(`query { connections { code } }`, {}, { cookie: limited.cookie, workspace: WS_A }))).toBe('NOT_FOUND');
    await expect(subscribe(server, SUBSCRIPTION, {}, { cookie: limited.cookie, workspace: WS_A })).rejects.toMatchObject({ code: 4403 });
    const inB = await subscribe(server, SUBSCRIPTION, {}, { cookie: limited.cookie, workspace: WS_B });
    await inB.close();
    await live.close();

    const unknown = await client.gql(
      `mutation($id: ID!) { updateUser(id: $id, input: { workspaceSlugs: ["users-wt-missing"] }) { id } }`,
      { id: limited.id },
      admin,
    );
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    const empty = await client.gql(
      `mutation($id: ID!) { updateUser(id: $id, input: { workspaceSlugs: [] }) { id } }`,
      { id: limited.id },
      admin,
    );
    expect(codeOf(empty)).toBe('BAD_USER_INPUT');
    const all = await client.gql(
      `mutation($id: ID!) { updateUser(id: $id, input: { workspaceSlugs: null }) { workspaceSlugs } }`,
      { id: limited.id },
      admin,
    );
    expect(all.body.data).toEqual({ updateUser: { workspaceSlugs: null } });
    const everywhere = await client.gql<{ workspaces: { slug: string }[] }>(
      `query { workspaces { slug } }`,
      {},
      { cookie: limited.cookie },
    );
    expect(everywhere.body.data!.workspaces.map((w) => w.slug)).toEqual(['default', WS_A, WS_B]);
  });
});
