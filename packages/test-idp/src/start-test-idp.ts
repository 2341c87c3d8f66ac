import { generateKeyPair, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import Provider, { type JWK } from 'oidc-provider';
import { followAuthorization } from './authorize.js';
import { Counters } from './counters.js';
import { endpointCountersMiddleware, wireProviderEvents } from './events.js';
import { interactionMiddleware } from './interactions/middleware.js';
import { MemoryStore } from './memory-adapter.js';
import { providerConfiguration } from './provider-config.js';
import { clientMetadata, DEFAULT_ACCOUNT, type RuntimeState } from './runtime-state.js';
import { tokenQuirksMiddleware } from './token-quirks.js';
import type { StartTestIdpOptions, TestAccount, TestClient, TestIdp } from './types.js';

/** Scopes every test IdP accepts; client `scopes` are added to them. */
const BASE_SCOPES = ['openid', 'offline_access', 'profile', 'email', 'api.read', 'api.write'];

/**
 * Starts a real OAuth 2.0 / OpenID Connect authorization server (oidc-provider) over HTTP.
 * Listens first (port 0 = any free port) so the issuer carries the real port.
 */
export async function startTestIdp(options: StartTestIdpOptions = {}): Promise<TestIdp> {
  const host = options.host ?? '127.0.0.1';
  const accounts = options.accounts?.length ? options.accounts : [DEFAULT_ACCOUNT];
  const state: RuntimeState = {
    interaction: options.interaction ?? 'auto',
    accessTokenTtlSeconds: positive(options.accessTokenTtlSeconds ?? 3600, 'accessTokenTtlSeconds'),
    refreshTokenTtlSeconds: positive(options.refreshTokenTtlSeconds ?? 14 * 24 * 3600, 'refreshTokenTtlSeconds'),
    quirks: {},
    accounts: new Map(accounts.map((a: TestAccount) => [a.id, a])),
    clientNames: new Map(),
    log: options.logger ?? (() => {}),
  };
  const counters = new Counters();
  const store = new MemoryStore();
  const scopes = new Set(BASE_SCOPES);

  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const cookieKeys = [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')];
  const key = await signingKey();
  // oidc-provider copies its configuration (scopes included), so a client bringing new scopes
  // gets a fresh Provider over the same store, keys and cookies: sessions and tokens carry over.
  const buildProvider = (): void => {
    const provider = new Provider(
      issuer,
      providerConfiguration({
        state,
        store,
        counters,
        scopes: [...scopes],
        cookieKeys,
        signingKey: key,
      }),
    );
    wireProviderEvents(provider, counters, state);
    provider.use(endpointCountersMiddleware(counters));
    provider.use(tokenQuirksMiddleware(state, counters));
    provider.use(interactionMiddleware(provider, state));
    handler = provider.callback();
  };

  const addClient = (client: TestClient, rebuild = true): void => {
    const metadata = clientMetadata(client);
    const newScopes = (client.scopes ?? []).filter((scope) => !scopes.has(scope));
    for (const scope of newScopes) scopes.add(scope);
    state.clientNames.set(client.clientId, client.name ?? client.clientId);
    store.set(`Client:${client.clientId}`, metadata);
    if (rebuild && newScopes.length > 0) buildProvider();
    state.log(`client ${client.clientId} registered (${String(metadata.token_endpoint_auth_method)})`);
  };
  for (const client of options.clients ?? []) addClient(client, false);
  buildProvider();
  state.log(`test-idp listening at ${issuer}`);

  return {
    issuer,
    url: (path: string) => new URL(path, `${issuer}/`).toString(),
    addClient: (client) => addClient(client),
    setInteraction: (mode) => {
      state.interaction = mode;
    },
    setAccessTokenTtl: (seconds) => {
      state.accessTokenTtlSeconds = positive(seconds, 'access token TTL');
    },
    setRefreshTokenTtl: (seconds) => {
      state.refreshTokenTtlSeconds = positive(seconds, 'refresh token TTL');
    },
    setQuirks: (quirks) => {
      state.quirks = { ...quirks };
    },
    authorize: (authorizationUrl, opts) => followAuthorization(issuer, authorizationUrl, opts),
    counters: () => counters.snapshot(),
    resetCounters: () => counters.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new RangeError(`test-idp: ${name} must be a positive integer`);
  return value;
}

/** A fresh RS256 signing key per start (ID tokens). */
async function signingKey(): Promise<JWK> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return {
    ...(privateKey.export({ format: 'jwk' }) as JWK),
    kid: randomBytes(8).toString('hex'),
    alg: 'RS256',
    use: 'sig',
  };
}
