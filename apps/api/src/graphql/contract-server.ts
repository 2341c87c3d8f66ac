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

/** Start it in `beforeAll`, close it in `afterAll`; the helpers work in between. */
export class ContractServer {
  /** Filled by start(): `<role>Key`, `<role>Session` (role in lower case) and `none`. */
  readonly principals: Record<string, Credentials> = {};
  private started: StartedContractServer | undefined;

  constructor(private readonly database: TestDatabaseKind) {}

  private running(): StartedContractServer {
    if (this.started === undefined) throw new Error('ContractServer: call start() in beforeAll first');
    return this.started;
  }

  readonly oauth2 = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
    const { idp } = this.running();
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

  readonly createConnection = (
    code: string,
    credentials: Credentials,
    extra: Record<string, unknown> = {},
  ): Promise<GqlResponse<{ createConnection: { id: string; code: string } }>> =>
    this.running().client.gql(
      `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id code name authenticationType oauth2 { clientSecretSet tokenEndpointAuthMethod scopes } authorization { status } } }`,
      {
        i: {
          code,
          name: `Connection ${code}`,
          authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
          oauth2: this.oauth2(),
          ...extra,
        },
      },
      credentials,
    );

  /** Start Authorization as `credentials` (default the operator key), consent at the IdP, land the callback. */
  readonly authorize = async (code: string, credentials?: Credentials): Promise<void> => {
    const { client, idp } = this.running();
    const started = await client.gql<{ startAuthorization: { authorizationUrl: string } }>(
      `mutation($c: String!) { startAuthorization(connectionCode: $c) { authorizationUrl expiresAt } }`,
      { c: code },
      credentials ?? this.principals['operatorKey']!,
    );
    if (started.body.errors) throw new Error(`startAuthorization failed: ${started.text}`);
    const callback = await idp.authorize(started.body.data!.startAuthorization.authorizationUrl);
    const landed = await client.raw({ method: 'GET', path: callback.pathname + callback.search });
    const location = landed.headers.get('location') ?? '';
    if (!location.includes('result=authorized')) throw new Error(`callback landed on ${location}`);
  };

  async start(): Promise<StartedContractServer> {
    const idp = await startTestIdp({ accessTokenTtlSeconds: 600 });
    const server = await startTestServer({ database: this.database });
    idp.addClient({
      clientId: 'api-test',
      clientSecret: SECRET,
      redirectUris: [`${server.url}/oauth/callback`],
      scopes: ['api.read'],
    });
    const client = new RecordingClient(server.url);
    const adminCookie = await client.login(server.adminEmail, server.adminPassword);
    this.started = { server, idp, client, adminCookie };
    for (const role of ['ADMIN', 'OPERATOR', 'VIEWER'] as RoleName[]) {
      const name = role.toLowerCase();
      this.principals[`${name}Key`] = { apiKey: await client.createApiKey(adminCookie, `${role} key`, role) };
      const email = `${name}@example.test`;
      await server.app.auth.users.create({ email, password: 'password-123', role, displayName: `${role} user` });
      this.principals[`${name}Session`] = { cookie: await client.login(email, 'password-123') };
    }
    this.principals['none'] = {};
    const base = await this.createConnection('BASE', { cookie: adminCookie });
    if (base.body.errors) throw new Error(`creating BASE failed: ${base.text}`);
    return this.started;
  }

  async close(): Promise<void> {
    await this.started?.server.close();
    await this.started?.idp.close();
  }
}

export function contractServer(database: TestDatabaseKind): ContractServer {
  return new ContractServer(database);
}
