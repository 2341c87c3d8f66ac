/**
 * The address policy as an admin meets it over GraphQL: discovery against a metadata address is
 * refused with BAD_USER_INPUT whatever OUTBOUND_ALLOW_PRIVATE says, and with
 * OUTBOUND_ALLOW_PRIVATE=false a loopback issuer (the real test IdP) is refused too, while the
 * same issuer is discovered under the default. No packet leaves loopback: refusals happen before
 * connect.
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { startTestServer, type TestServer } from '../testing/index.js';

const CREATE = `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code oauth2 { tokenEndpoint } } }`;

function oauthConnection(code: string, issuer: string) {
  return {
    i: {
      code,
      name: code,
      authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
      oauth2: { issuer, clientId: 'policy-client', clientSecret: 'policy-secret', scopes: ['api.read'] },
    },
  };
}

describe.each([
  { allowPrivate: 'true', loopbackIssuer: 'allowed' },
  { allowPrivate: 'false', loopbackIssuer: 'refused' },
])('the outbound address policy with OUTBOUND_ALLOW_PRIVATE=$allowPrivate', ({ allowPrivate, loopbackIssuer }) => {
  let idp: TestIdp;
  let server: TestServer;
  let client: RecordingClient;
  let cookie: string;

  beforeAll(async () => {
    idp = await startTestIdp();
    server = await startTestServer({ env: { OUTBOUND_ALLOW_PRIVATE: allowPrivate } });
    client = new RecordingClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    await server?.close();
    await idp?.close();
  });

  it('refuses discovery at a cloud metadata address with BAD_USER_INPUT', async () => {
    const res = await client.gql(CREATE, oauthConnection('METADATA', 'https://169.254.169.254'), { cookie });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0]?.message).toContain('link-local or a cloud metadata address');
  });

  it(`${loopbackIssuer === 'allowed' ? 'discovers' : 'refuses'} a loopback issuer`, async () => {
    const res = await client.gql<{ createConnection: { oauth2: { tokenEndpoint: string } } }>(
      CREATE,
      oauthConnection('LOOPBACK', idp.issuer),
      { cookie },
    );
    if (loopbackIssuer === 'allowed') {
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data?.createConnection.oauth2.tokenEndpoint).toBe(idp.url('/token'));
    } else {
      expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0]?.message).toContain('OUTBOUND_ALLOW_PRIVATE=false');
    }
  });
});
