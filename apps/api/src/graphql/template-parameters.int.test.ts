/**
 * A connection made from a provider template keeps the values of the template's parameters
 * (e.g. Microsoft Entra ID's tenant): stored, returned, replaced on update, checked against the
 * template; on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { RecordingClient, type Credentials, type GqlResponse } from './test-support.js';

const FIELDS = '{ code oauth2 { templateId templateParameters { key value } tokenEndpoint } }';
const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code;

function entra(tenant: string | null, extra: Record<string, unknown> = {}) {
  return {
    templateId: 'microsoft-entra-id',
    ...(tenant === null ? {} : { templateParameters: [{ key: 'tenant', value: tenant }] }),
    authorizationEndpoint: `https://login.microsoftonline.com/${tenant ?? 'common'}/oauth2/v2.0/authorize`,
    tokenEndpoint: `https://login.microsoftonline.com/${tenant ?? 'common'}/oauth2/v2.0/token`,
    clientId: 'entra-client',
    clientSecret: 'entra-secret',
    scopes: ['openid', 'offline_access'],
    tokenEndpointAuthMethod: 'CLIENT_SECRET_POST',
    ...extra,
  };
}

describe.each(testDatabases())('template parameters on %s', (database) => {
  let server: TestServer;
  let client: RecordingClient;
  let admin: Credentials;

  beforeAll(async () => {
    server = await startTestServer({ database });
    client = new RecordingClient(server.url);
    admin = { cookie: await client.login(server.adminEmail, server.adminPassword) };
  });

  afterAll(async () => {
    await server?.close();
  });

  it('are stored, returned and replaced by an update', async () => {
    const created = await client.gql(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) ${FIELDS} }`,
      { i: { code: 'ENTRA', name: 'Entra', authenticationType: 'OAUTH2_AUTHORIZATION_CODE', oauth2: entra('contoso.onmicrosoft.com') } },
      admin,
    );
    expect(created.body.errors).toBeUndefined();
    const read = await client.gql<{ connection: unknown }>(`{ connection(code: "ENTRA") ${FIELDS} }`, {}, admin);
    expect(read.body.data?.connection).toMatchObject({
      oauth2: { templateId: 'microsoft-entra-id', templateParameters: [{ key: 'tenant', value: 'contoso.onmicrosoft.com' }] },
    });

    const updated = await client.gql<{ updateConnection: unknown }>(
      `mutation($i: UpdateConnectionInput!) { updateConnection(code: "ENTRA", input: $i) ${FIELDS} }`,
      { i: { name: 'Entra (renamed)', oauth2: entra('fabrikam.onmicrosoft.com', { clientSecret: null }) } },
      admin,
    );
    expect(updated.body.errors).toBeUndefined();
    expect(updated.body.data?.updateConnection).toMatchObject({
      oauth2: { templateParameters: [{ key: 'tenant', value: 'fabrikam.onmicrosoft.com' }] },
    });
  });

  it('are refused when unknown to the template, invalid, or without a template', async () => {
    const create = (code: string, oauth2: Record<string, unknown>) =>
      client.gql(
        `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code } }`,
        { i: { code, name: code, authenticationType: 'OAUTH2_AUTHORIZATION_CODE', oauth2 } },
        admin,
      );
    const unknown = await create('BAD1', entra('common', { templateParameters: [{ key: 'region', value: 'eu' }] }));
    expect(codeOf(unknown)).toBe('BAD_USER_INPUT');
    const invalid = await create('BAD2', entra('common', { templateParameters: [{ key: 'tenant', value: 'a/b?c' }] }));
    expect(codeOf(invalid)).toBe('BAD_USER_INPUT');
    const noTemplate = await create('BAD3', entra('common', { templateId: null }));
    expect(codeOf(noTemplate)).toBe('BAD_USER_INPUT');
  });
});
