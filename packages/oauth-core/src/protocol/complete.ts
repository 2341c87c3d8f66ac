/**
 * Complete an authorization at the callback: consume the pending flow (single use) before
 * anything else, validate the authorization response, then exchange the code with the PKCE
 * verifier and normalise the token response.
 *
 * Checks, in order (each failure is an `AuthorizationFlowError` and nothing is stored — the flow is
 * already consumed, so a replay fails with INVALID_STATE):
 * 1. a `state` is present and matches a pending flow (INVALID_STATE);
 * 2. the flow has not expired (FLOW_EXPIRED);
 * 3. the browser's session user, when there is one, started the flow (INVALID_STATE);
 * 4. `iss`, when present, equals the provider's issuer: a connection with no issuer configured
 *    cannot vouch for any `iss`, so one present is refused; `iss` must be present when the
 *    provider advertises `authorization_response_iss_parameter_supported` (ISSUER_MISMATCH) —
 *    checked before reading an error so a mix-up attacker cannot inject one (RFC 9207 §2.4);
 * 5. no `error` (ACCESS_DENIED for `access_denied`, else AUTHORIZATION_RESPONSE_ERROR);
 * 6. a `code` is present (MISSING_CODE).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.5
 */
import { authorizationCodeGrant } from 'openid-client';
import { AuthorizationFlowError } from '../errors.js';
import { systemClock, type Clock, type HttpFetch, type PendingFlow, type PendingFlowStore } from '../ports.js';
import type { ProviderConfig, TokenSet } from '../types.js';
import type { TokenVault } from '../vault/index.js';
import { classifyTokenEndpointError, shortText } from './classify.js';
import { createClientContext } from './config.js';
import { normaliseTokenResponse } from './quirks.js';
import { CODE_VERIFIER_FIELD } from './start.js';
import { hashState } from './state-hash.js';

export interface CompleteAuthorizationArgs {
  /** The full callback URL with code/state/iss or error. */
  callbackUrl: string | URL;
  flows: PendingFlowStore;
  vault: TokenVault;
  resolveProvider(flow: PendingFlow): Promise<ProviderConfig>;
  /** When the browser carries a session: must match the flow's `initiatedBy`. */
  currentUserId?: string | null | undefined;
  clock?: Clock | undefined;
  fetch?: HttpFetch | undefined;
}

export interface CompleteAuthorizationResult {
  flow: PendingFlow;
  tokens: TokenSet;
}

function parseCallbackUrl(callbackUrl: string | URL): URL {
  try {
    return new URL(callbackUrl);
  } catch {
    throw new AuthorizationFlowError('INVALID_STATE', 'The callback URL is not a valid URL.');
  }
}

function checkIssuer(params: URLSearchParams, provider: ProviderConfig): void {
  const iss = params.get('iss');
  if (iss === null) {
    if (provider.issParameterSupported) {
      throw new AuthorizationFlowError(
        'ISSUER_MISMATCH',
        'The authorization response has no "iss" parameter, but the provider advertises it (RFC 9207).',
      );
    }
    return;
  }
  // Mix-up defence (RFC 9207 §2.4): with no issuer configured (explicit endpoints), nothing
  // tells this connection's provider from an attacker's, so an `iss` it cannot vouch for is refused.
  if (provider.issuer === undefined) {
    throw new AuthorizationFlowError(
      'ISSUER_MISMATCH',
      'The authorization response carries an "iss" parameter, but the connection has no issuer to check it against; set the connection\'s issuer (RFC 9207).',
    );
  }
  if (iss !== provider.issuer) {
    throw new AuthorizationFlowError(
      'ISSUER_MISMATCH',
      'The authorization response "iss" parameter does not match the provider\'s issuer (RFC 9207).',
    );
  }
}

function checkProviderError(params: URLSearchParams): void {
  const error = params.get('error');
  if (error === null) return;
  const code = shortText(error) ?? 'unknown_error';
  const description = shortText(params.get('error_description'));
  const details = { error: code, ...(description ? { errorDescription: description } : {}) };
  if (code === 'access_denied') {
    throw new AuthorizationFlowError(
      'ACCESS_DENIED',
      `The authorization was denied at the provider${description ? `: ${description}` : '.'}`,
      details,
    );
  }
  throw new AuthorizationFlowError(
    'AUTHORIZATION_RESPONSE_ERROR',
    `The provider answered the authorization request with "${code}"${description ? `: ${description}` : '.'}`,
    details,
  );
}

export async function completeAuthorization(args: CompleteAuthorizationArgs): Promise<CompleteAuthorizationResult> {
  const clock = args.clock ?? systemClock;
  const url = parseCallbackUrl(args.callbackUrl);
  const params = url.searchParams;

  const state = params.get('state');
  if (state === null || state === '') {
    throw new AuthorizationFlowError('INVALID_STATE', 'The callback carries no "state" parameter.');
  }
  const flow = await args.flows.take(hashState(state));
  if (flow === null) {
    throw new AuthorizationFlowError(
      'INVALID_STATE',
      'The callback "state" matches no pending authorization (unknown, forged or already used).',
    );
  }
  if (flow.expiresAt.getTime() <= clock.now().getTime()) {
    throw new AuthorizationFlowError(
      'FLOW_EXPIRED',
      'The authorization flow expired before the provider redirected back; start the authorization again.',
    );
  }
  const currentUserId = args.currentUserId ?? null;
  if (currentUserId !== null && flow.initiatedBy !== null && currentUserId !== flow.initiatedBy) {
    throw new AuthorizationFlowError(
      'INVALID_STATE',
      'The authorization was started by another user; the signed-in user cannot complete it.',
    );
  }

  const provider = await args.resolveProvider(flow);
  checkIssuer(params, provider);
  checkProviderError(params);
  const code = params.get('code');
  if (code === null || code === '') {
    throw new AuthorizationFlowError('MISSING_CODE', 'The authorization response carries no "code" parameter.');
  }

  const codeVerifier = args.vault.decrypt(flow.codeVerifierEnvelope, {
    ...flow.key,
    field: CODE_VERIFIER_FIELD,
  });
  const { configuration, observation } = createClientContext(provider, args.fetch);
  // Only what openid-client needs: `iss` was checked above against the configured issuer.
  const currentUrl = new URL(flow.redirectUri);
  currentUrl.searchParams.set('code', code);
  currentUrl.searchParams.set('state', state);

  let response: Awaited<ReturnType<typeof authorizationCodeGrant>>;
  try {
    response = await authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      // The nonce is checked in the ID token, which is only validated against a known issuer.
      ...(flow.nonce !== null && provider.issuer !== undefined ? { expectedNonce: flow.nonce } : {}),
    });
  } catch (error) {
    throw classifyTokenEndpointError(error, 'authorization_code', observation, clock.now());
  }
  const tokens = normaliseTokenResponse(response, {
    obtainedAt: clock.now(),
    requestedScopes: provider.scopes,
    scopeSeparator: provider.quirks?.scopeSeparator,
  });
  return { flow, tokens };
}
