/**
 * The server each GraphQL contract test file starts once per database: a real API, the test IdP
 * with the `api-test` client, an API key and a signed-in session for every role, and a `BASE`
 * connection. Tests address principals by name (`adminKey`, `viewerSession`, `none`, …).
 */
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import { startTestServer, type TestDatabaseKind, type TestServer } from '../testing/index.js';
import { RecordingClient, type Credentials, type GqlResponse } from './test-support.js';

export const SECRET = `api-secret-${Math.random().toString(36).slice(2)}`;
export type RoleName = 'ADMIN' | 'OPERATOR' | 'VIEWER';

export const codeOf = (res: GqlResponse) => res.body.errors?.[0]?.extensions?.code;

export interface StartedContractServer {
  server: TestServer;
  idp: TestIdp;
  client: RecordingClient;
  adminCookie: string;
}

export interface ContractServer {
  /** Starts everything; call from `beforeAll`. */
  start(): Promise<StartedContractServer>;
  close(): Promise<void>;
  /** Filled by start(): `<role>Key`, `<role>Session` (role in lower case) and `none`. */
  principals: Record<string, Credentials>;
  oauth2(overrides?: Record<string, unknown>): Record<string, unknown>;
  createConnection(
    code: string,
    credentials: Credentials,
    extra?: Record<string, unknown>,
  ): Promise<GqlResponse<{ createConnection: { id: string; code: string } }>>;
  /** Start Authorization as `credentials` (default the operator key), consent at the IdP, land the callback. */
  authorize(code: string, credentials?: Credentials): Promise<void>;
}

export function contractServer(database: TestDatabaseKind): ContractServer {
  let started: StartedContractServer | undefined;
  const principals: Record<string, Credentials> = {};
  const running = (): StartedContractServer => {
    if (started === undefined) throw new Error('contractServer: call start() in beforeAll first');
    return started;
  };

  const oauth2: ContractServer['oauth2'] = (overrides = {}) => {
    const { idp } = running();
    return {
      authorizationEndpoint: idp.url('/auth'),
      tokenEndpoint: idp.url('/token'),
      revocationEndpoint: idp.url('/token/revocation'),
      issuer: idp.issuer,
      clientId: 'api-test',
      clientSecret: SECRET,
      scopes: ['openid', 'api.read'],
      ...overrides,
    };
  };

  const createConnection: ContractServer['createConnection'] = (code, credentials, extra = {}) =>
    running().client.gql(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id code name authenticationType oauth2 { clientSecretSet tokenEndpointAuthMethod scopes } authorization { status } } }`,
      {
        i: {
          code,
          name: `Connection ${code}`,
          authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
          oauth2: oauth2(),
          ...extra,
        },
      },
      credentials,
    );

  const authorize: ContractServer['authorize'] = async (code, credentials) => {
    const { client, idp } = running();
    const started = await client.gql<{ startAuthorization: { authorizationUrl: string } }>(
      `mutation($c: String!) { startAuthorization(connectionCode: $c) { authorizationUrl expiresAt } }`,
      { c: code },
      credentials ?? principals['operatorKey']!,
    );
    if (started.body.errors) throw new Error(`startAuthorization failed: ${started.text}`);
    const callback = await idp.authorize(started.body.data!.startAuthorization.authorizationUrl);
    const landed = await client.raw({ method: 'GET', path: callback.pathname + callback.search });
    const location = landed.headers.get('location') ?? '';
    if (!location.includes('result=authorized')) throw new Error(`callback landed on ${location}`);
  };

  async function start(): Promise<StartedContractServer> {
    const idp = await startTestIdp({ accessTokenTtlSeconds: 600 });
    const server = await startTestServer({ database });
    idp.addClient({
      clientId: 'api-test',
      clientSecret: SECRET,
      redirectUris: [`${server.url}/oauth/callback`],
      scopes: ['api.read'],
    });
    const client = new RecordingClient(server.url);
    const adminCookie = await client.login(server.adminEmail, server.adminPassword);
    started = { server, idp, client, adminCookie };
    for (const role of ['ADMIN', 'OPERATOR', 'VIEWER'] as RoleName[]) {
      const name = role.toLowerCase();
      principals[`${name}Key`] = { apiKey: await client.createApiKey(adminCookie, `${role} key`, role) };
      const email = `${name}@example.test`;
      await server.app.auth.createUser({ email, password: 'password-123', role, displayName: `${role} user` });
      principals[`${name}Session`] = { cookie: await client.login(email, 'password-123') };
    }
    principals['none'] = {};
    const base = await createConnection('BASE', { cookie: adminCookie });
    if (base.body.errors) throw new Error(`creating BASE failed: ${base.text}`);
    return started;
  }

  async function close(): Promise<void> {
    await started?.server.close();
    await started?.idp.close();
  }

  return { start, close, principals, oauth2, createConnection, authorize };
}
