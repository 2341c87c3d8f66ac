/**
 * Mix-up defence (RFC 9207 §2.4) for connections configured with explicit endpoints, over real
 * HTTP against the test IdP: a callback whose `iss` the connection cannot vouch for is refused
 * before the code is exchanged; an admin-set issuer makes the real `iss` acceptable.
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';
import { RecordingClient } from './test-support.js';

const CLIENT_ID = 'grantkeeper-mix-up';
const CLIENT_SECRET = `mix-up-secret-${Math.random().toString(36).slice(2)}`;

describe('callback iss for connections with explicit endpoints', () => {
  let server: TestServer;
  let idp: TestIdp;
  let client: RecordingClient;
  let cookie: string;

  beforeAll(async () => {
    idp = await startTestIdp();
    server = await startTestServer({ database: 'sqlite' });
    idp.addClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${server.url}/oauth/callback`],
      scopes: ['api.read'],
    });
    client = new RecordingClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  async function createConnection(code: string, issuer: string | null): Promise<void> {
    const res = await client.gql<{ createConnection: { oauth2: { issuer: string | null } } }>(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { oauth2 { issuer } } }`,
      {
        i: {
          code,
          name: code,
          authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
          oauth2: {
            issuer,
            authorizationEndpoint: idp.url('/auth'),
            tokenEndpoint: idp.url('/token'),
            clientId: CLIENT_ID,
            clientSecret: CLIENT_SECRET,
            scopes: ['api.read', 'offline_access'],
          },
        },
      },
      { cookie },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.createConnection.oauth2.issuer).toBe(issuer);
  }

  /** Starts the flow, consents at the IdP, sets (or drops) `iss` on the callback and follows it. */
  async function callback(code: string, iss: string | null): Promise<{ location: string; status: string }> {
    const started = await client.gql<{ startAuthorization: { authorizationUrl: string } }>(
      `mutation($c: String!) { startAuthorization(connectionCode: $c) { authorizationUrl } }`,
      { c: code },
      { cookie },
    );
    const url = await idp.authorize(started.body.data!.startAuthorization.authorizationUrl);
    if (iss === null) url.searchParams.delete('iss');
    else url.searchParams.set('iss', iss);
    const landed = await client.raw({ method: 'GET', path: url.pathname + url.search, headers: { cookie } });
    expect(landed.status).toBe(302);
    const view = await client.gql<{ authorization: { status: string } }>(
      `query($c: String!) { authorization(connectionCode: $c) { status } }`,
      { c: code },
      { cookie },
    );
    return { location: landed.headers.get('location') ?? '', status: view.body.data!.authorization.status };
  }

  const codeExchanges = (): number => idp.counters().tokenRequests['authorization_code'] ?? 0;

  it('refuses a forged iss when no issuer is configured, and exchanges no code', async () => {
    await createConnection('NOISS', null);
    const before = codeExchanges();
    const forged = await callback('NOISS', 'https://attacker.example');
    expect(forged.location).toContain('result=error');
    expect(new URL(forged.location).searchParams.get('reason')).toBe('ISSUER_MISMATCH');
    expect(forged.status).not.toBe('AUTHORIZED');
    expect(codeExchanges()).toBe(before);
  });

  it('accepts a callback without iss when no issuer is configured', async () => {
    const landed = await callback('NOISS', null);
    expect(landed.location).toContain('result=authorized');
    expect(landed.status).toBe('AUTHORIZED');
  });

  it('with an admin-set issuer: the real iss is accepted, a forged one refused', async () => {
    await createConnection('WITHISS', idp.issuer);
    const before = codeExchanges();
    const forged = await callback('WITHISS', 'https://attacker.example');
    expect(new URL(forged.location).searchParams.get('reason')).toBe('ISSUER_MISMATCH');
    expect(codeExchanges()).toBe(before);
    const real = await callback('WITHISS', idp.issuer);
    expect(real.location).toContain('result=authorized');
    expect(real.status).toBe('AUTHORIZED');
  });
});
