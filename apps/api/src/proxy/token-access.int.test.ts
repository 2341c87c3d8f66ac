/**
 * `accessToken` over GraphQL against the real test IdP: allowed only for a TOKEN key covering
 * the connection on a connection with allowTokenAccess (audited as TOKEN_ISSUED), refused with
 * FORBIDDEN otherwise (always for console sessions), NOT_AUTHORIZED / BAD_USER_INPUT per the
 * contract; and the token appears in no other response and no log line.
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { startTestServer, type TestServer } from '../testing/index.js';
import { authorizedConnection, createConnection, createKey } from './proxy-test-support.js';

const CLIENT_SECRET = `token-secret-${Math.random().toString(36).slice(2)}`;
const QUERY = `query($c: String!) { accessToken(connectionCode: $c) { accessToken tokenType expiresAt scopes } }`;

describe('accessToken', () => {
  let idp: TestIdp;
  let server: TestServer;
  let client: RecordingClient;
  let cookie: string;
  const keys: Record<string, string> = {};

  const ask = (code: string, credentials: { apiKey?: string; cookie?: string }) =>
    client.gql<{ accessToken: { accessToken: string; tokenType: string; expiresAt: string | null; scopes: string[] } }>(
      QUERY,
      { c: code },
      credentials,
    );
  const allowTokenAccess = (code: string) =>
    client.gql(`mutation($c: String!) { updateConnection(code: $c, input: { allowTokenAccess: true }) { code } }`, { c: code }, { cookie });

  beforeAll(async () => {
    idp = await startTestIdp({ accessTokenTtlSeconds: 600 });
    server = await startTestServer({ env: { REFRESHER_INTERVAL_MS: '3600000' } });
    idp.addClient({
      clientId: 'grantkeeper-proxy',
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${server.url}/oauth/callback`],
      scopes: ['api.read'],
    });
    client = new RecordingClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
    const adminKey = await client.createApiKey(cookie, 'admin', 'ADMIN');
    const env = { client, cookie, adminKey, idp, server };
    await authorizedConnection(env, 'CRM', 'https://api.example.com', CLIENT_SECRET);
    await authorizedConnection(env, 'CRM_CLOSED', 'https://api.example.com', CLIENT_SECRET);
    await createConnection(client, cookie, {
      code: 'CRM_NEW',
      name: 'New',
      authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
      allowTokenAccess: true,
      oauth2: { issuer: idp.issuer, clientId: 'grantkeeper-proxy', clientSecret: CLIENT_SECRET, scopes: ['api.read'] },
    });
    await createConnection(client, cookie, {
      code: 'BASIC_API',
      name: 'Basic',
      authenticationType: 'BASIC',
      allowTokenAccess: true,
      credentials: { username: 'u', password: 'p' },
    });
    await allowTokenAccess('CRM');
    keys.token = await createKey(client, cookie, { name: 'sdk', connectionAccess: 'TOKEN' });
    keys.proxy = await createKey(client, cookie, { name: 'proxy only', connectionAccess: 'PROXY', role: 'ADMIN' });
    keys.other = await createKey(client, cookie, { name: 'other', connectionAccess: 'TOKEN', connectionCodes: ['ERP'] });
    client.bodies.length = 0;
  });

  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  it('hands the current access token to a TOKEN key and audits it as TOKEN_ISSUED', async () => {
    const res = await ask('CRM', { apiKey: keys.token });
    expect(res.body.errors).toBeUndefined();
    const connection = await server.app.orm.em.fork().findOneOrFail('Connection', { code: 'CRM' } as never);
    const stored = await server.app.ports.state.read((connection as { id: string }).id);
    expect(res.body.data?.accessToken).toMatchObject({ accessToken: stored.tokens!.accessToken, tokenType: 'Bearer' });
    expect(res.body.data?.accessToken.scopes).toContain('api.read');
    expect(res.body.data?.accessToken.expiresAt).toBe(stored.tokens!.expiresAt!.toISOString());
    const events = await client.gql<{ auditEvents: { type: string; actor: string; message: string }[] }>(
      `{ auditEvents(connectionCode: "CRM", first: 1) { type actor message } }`,
      {},
      { cookie },
    );
    expect(events.body.data?.auditEvents[0]).toMatchObject({ type: 'TOKEN_ISSUED', actor: 'API key "sdk"' });
    expect(events.body.data?.auditEvents[0]?.message).not.toContain(stored.tokens!.accessToken);
  });

  it.each([
    ['a console session (even an admin)', 'CRM', 'session', 'FORBIDDEN'],
    ['a PROXY key', 'CRM', 'proxy', 'FORBIDDEN'],
    ['a TOKEN key limited to other connections', 'CRM', 'other', 'FORBIDDEN'],
    ['a connection without allowTokenAccess', 'CRM_CLOSED', 'token', 'FORBIDDEN'],
    ['a connection with nothing stored', 'CRM_NEW', 'token', 'NOT_AUTHORIZED'],
    ['a BASIC connection', 'BASIC_API', 'token', 'BAD_USER_INPUT'],
    ['an unknown connection', 'NOPE', 'token', 'NOT_FOUND'],
  ])('refuses %s (%s with %s key) with %s', async (_what, code, who, errorCode) => {
    const res = await ask(code, who === 'session' ? { cookie } : { apiKey: keys[who]! });
    expect(res.body.data?.accessToken ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.code).toBe(errorCode);
  });

  it('never shows the token anywhere else', async () => {
    const connection = await server.app.orm.em.fork().findOneOrFail('Connection', { code: 'CRM' } as never);
    const stored = await server.app.ports.state.read((connection as { id: string }).id);
    const token = stored.tokens!.accessToken;
    const others = client.bodies.filter((body) => !body.includes('"accessToken":{'));
    for (const body of others) expect(body).not.toContain(token);
    expect(server.logs().join('\n')).not.toContain(token);
  });
});
