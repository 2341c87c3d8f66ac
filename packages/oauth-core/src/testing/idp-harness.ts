/**
 * Integration test harness: a real test IdP over HTTP, the engine's protocol functions, the real
 * token vault and in-memory ports, wired the way the API wires them. Not exported from the
 * package entry.
 */
import { startTestIdp, type TestClient, type TestIdp } from '@grantkeeper/test-idp';
import { completeAuthorization } from '../protocol/complete.js';
import { discoverProvider, type DiscoveredProvider } from '../protocol/discovery.js';
import { startAuthorization } from '../protocol/start.js';
import type { Clock } from '../ports.js';
import type { ProviderConfig, TokenEndpointAuthMethod, TokenSet } from '../types.js';
import { TokenVault, generateMasterKey, parseMasterKey } from '../vault/index.js';
import { MemoryAuthorizationStatePort, MemoryPendingFlowStore } from './memory-ports.js';

export const REDIRECT_URI = 'http://127.0.0.1:4000/oauth/callback';
export const KEY = { workspaceId: 'ws-1', connectionId: 'conn-1' };
export const RESOURCE = `${KEY.workspaceId}/${KEY.connectionId}`;

const SECRETS: Record<TokenEndpointAuthMethod, string | undefined> = {
  client_secret_basic: 'basic-client-secret',
  client_secret_post: 'post-client-secret',
  none: undefined,
};

export interface Harness {
  idp: TestIdp;
  metadata: DiscoveredProvider;
  /** A provider configuration for a client registered with `method`. */
  provider(method?: TokenEndpointAuthMethod, scopes?: string[]): ProviderConfig;
  close(): Promise<void>;
}

export async function startHarness(options: { accessTokenTtlSeconds?: number } = {}): Promise<Harness> {
  const clients: TestClient[] = (Object.keys(SECRETS) as TokenEndpointAuthMethod[]).map((method) => ({
    clientId: `client-${method}`,
    ...(SECRETS[method] ? { clientSecret: SECRETS[method] } : {}),
    redirectUris: [REDIRECT_URI],
    tokenEndpointAuthMethod: method,
  }));
  const idp = await startTestIdp({
    port: 0,
    interaction: 'auto',
    clients,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
  });
  const metadata = await discoverProvider(idp.issuer);
  return {
    idp,
    metadata,
    provider: (method = 'client_secret_basic', scopes = ['openid', 'offline_access', 'api.read']) => ({
      issuer: metadata.issuer,
      authorizationEndpoint: metadata.authorizationEndpoint,
      tokenEndpoint: metadata.tokenEndpoint,
      revocationEndpoint: metadata.revocationEndpoint,
      issParameterSupported: metadata.issParameterSupported,
      clientId: `client-${method}`,
      clientSecret: SECRETS[method],
      tokenEndpointAuthMethod: method,
      scopes,
    }),
    close: () => idp.close(),
  };
}

/** One connection's storage, as the API would hold it. */
export interface Connection {
  flows: MemoryPendingFlowStore;
  state: MemoryAuthorizationStatePort;
  vault: TokenVault;
}

export function newConnection(): Connection {
  return {
    flows: new MemoryPendingFlowStore(),
    state: new MemoryAuthorizationStatePort(),
    vault: new TokenVault({ activeKey: parseMasterKey(generateMasterKey()) }),
  };
}

/** Start Authorization, then let the IdP log in and consent: the callback URL it redirects to. */
export async function startAndConsent(
  harness: Harness,
  connection: Connection,
  provider: ProviderConfig,
  options: { initiatedBy?: string | null; clock?: Clock } = {},
): Promise<URL> {
  const { authorizationUrl } = await startAuthorization({
    provider,
    key: KEY,
    redirectUri: REDIRECT_URI,
    initiatedBy: options.initiatedBy ?? 'user-1',
    flows: connection.flows,
    vault: connection.vault,
    clock: options.clock,
  });
  return harness.idp.authorize(authorizationUrl);
}

/** The callback handler: complete, then store the tokens (CAS from the current version). */
export async function handleCallback(
  connection: Connection,
  provider: ProviderConfig,
  callbackUrl: string | URL,
  options: { currentUserId?: string | null; clock?: Clock } = {},
): Promise<TokenSet> {
  const { tokens } = await completeAuthorization({
    callbackUrl,
    flows: connection.flows,
    vault: connection.vault,
    resolveProvider: async () => provider,
    currentUserId: options.currentUserId,
    clock: options.clock,
  });
  const current = await connection.state.read(RESOURCE);
  await connection.state.compareAndSwap(RESOURCE, current.version, {
    status: 'AUTHORIZED',
    tokens,
    statusReason: null,
  });
  return tokens;
}

/** Authorize a connection end to end; returns the stored tokens. */
export async function authorize(harness: Harness, connection: Connection, provider: ProviderConfig): Promise<TokenSet> {
  const callback = await startAndConsent(harness, connection, provider);
  return handleCallback(connection, provider, callback);
}
