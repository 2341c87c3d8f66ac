/**
 * Start an authorization: build the authorization request URL (RFC 6749 §4.1.1 with PKCE S256,
 * RFC 7636) and persist the pending flow — the `state` only as its hash, the code verifier only
 * encrypted, a nonce when `openid` is requested, an expiry (10 minutes by default).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4
 */
import { buildAuthorizationUrl, calculatePKCECodeChallenge, randomNonce, randomPKCECodeVerifier, randomState } from 'openid-client';
import { systemClock, type Clock, type PendingFlowStore } from '../ports.js';
import type { AuthorizationKey, ProviderConfig } from '../types.js';
import type { TokenVault } from '../vault/index.js';
import { createClientContext, validateRedirectUri } from './config.js';
import { hashState } from './state-hash.js';

/** Default lifetime of a pending flow. */
export const DEFAULT_FLOW_TTL_MS = 10 * 60 * 1000;

/** The vault field under which a flow's PKCE code verifier is encrypted. */
export const CODE_VERIFIER_FIELD = 'code_verifier';

export interface StartAuthorizationArgs {
  provider: ProviderConfig;
  key: AuthorizationKey;
  redirectUri: string;
  initiatedBy: string | null;
  flows: PendingFlowStore;
  vault: TokenVault;
  clock?: Clock | undefined;
  ttlMs?: number | undefined;
}

export interface StartAuthorizationResult {
  authorizationUrl: string;
  expiresAt: Date;
}

export async function startAuthorization(args: StartAuthorizationArgs): Promise<StartAuthorizationResult> {
  const { provider, key, flows, vault } = args;
  const clock = args.clock ?? systemClock;
  const ttlMs = args.ttlMs ?? DEFAULT_FLOW_TTL_MS;
  if (!(ttlMs > 0)) throw new RangeError('ttlMs must be a positive number of milliseconds.');
  const redirectUri = validateRedirectUri(args.redirectUri).href;
  const { configuration } = createClientContext(provider);

  const state = randomState();
  const codeVerifier = randomPKCECodeVerifier();
  const codeChallenge = await calculatePKCECodeChallenge(codeVerifier);
  const nonce = provider.scopes.includes('openid') ? randomNonce() : null;

  const parameters: Record<string, string> = {
    ...provider.quirks?.offlineAccessParams,
    ...provider.extraAuthorizationParams,
    redirect_uri: redirectUri,
    response_type: 'code',
    state,
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
  };
  if (provider.scopes.length > 0) {
    parameters.scope = provider.scopes.join(provider.quirks?.scopeSeparator ?? ' ');
  }
  if (nonce !== null) parameters.nonce = nonce;
  const authorizationUrl = buildAuthorizationUrl(configuration, parameters);

  const createdAt = clock.now();
  const expiresAt = new Date(createdAt.getTime() + ttlMs);
  await flows.save({
    stateHash: hashState(state),
    key: { workspaceId: key.workspaceId, connectionId: key.connectionId },
    codeVerifierEnvelope: vault.encrypt(codeVerifier, { ...key, field: CODE_VERIFIER_FIELD }),
    nonce,
    redirectUri,
    initiatedBy: args.initiatedBy,
    createdAt,
    expiresAt,
  });
  return { authorizationUrl: authorizationUrl.href, expiresAt };
}
