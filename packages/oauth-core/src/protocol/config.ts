/**
 * From a {@link ProviderConfig} to an openid-client `Configuration`: the endpoints are given
 * directly (no discovery at this point), the client authenticates with the configured method, and
 * every request goes through the injected `HttpFetch` wrapped by the quirks layer.
 */
import {
  ClientSecretBasic,
  ClientSecretPost,
  Configuration,
  None,
  allowInsecureRequests,
  customFetch,
  type ClientAuth,
} from 'openid-client';
import { ConfigurationError } from '../errors.js';
import type { HttpFetch } from '../ports.js';
import type { ProviderConfig, TokenEndpointAuthMethod } from '../types.js';
import { createQuirksFetch, type TokenEndpointObservation } from './quirks.js';

const AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['client_secret_basic', 'client_secret_post', 'none'];

/** Authorization request parameters the engine sets itself; configuration cannot override them. */
export const RESERVED_AUTHORIZATION_PARAMS: ReadonlySet<string> = new Set([
  'client_id',
  'response_type',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
]);

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function fail(field: string, problem: string): ConfigurationError {
  return new ConfigurationError('INVALID_CONFIGURATION', `"${field}" ${problem}.`);
}

/** True for `http:` URLs on a loopback host (allowed for development and tests). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * Parse an endpoint URL: absolute, `https:` (or `http:` on localhost/127.0.0.1/[::1]), without
 * a fragment (RFC 6749 §3.1, §3.2) and without credentials.
 */
export function parseEndpointUrl(field: string, value: unknown): URL {
  if (typeof value !== 'string' || value.trim() === '') throw fail(field, 'is required');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail(field, 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) {
    throw fail(field, 'must use https (http is allowed only on localhost and 127.0.0.1)');
  }
  if (url.hash !== '') throw fail(field, 'must not contain a fragment');
  if (url.username !== '' || url.password !== '') throw fail(field, 'must not contain credentials');
  return url;
}

/** Validate a redirect URI: an endpoint URL without a query (it is compared exactly). */
export function validateRedirectUri(redirectUri: unknown): URL {
  const url = parseEndpointUrl('redirectUri', redirectUri);
  if (url.search !== '') throw fail('redirectUri', 'must not contain a query');
  return url;
}

/**
 * Validate a provider configuration; throws `ConfigurationError` `INVALID_CONFIGURATION` naming
 * the first invalid field (never quoting the client secret).
 */
export function validateProviderConfig(provider: ProviderConfig): void {
  parseEndpointUrl('authorizationEndpoint', provider.authorizationEndpoint);
  parseEndpointUrl('tokenEndpoint', provider.tokenEndpoint);
  if (provider.revocationEndpoint !== undefined && provider.revocationEndpoint !== '') {
    parseEndpointUrl('revocationEndpoint', provider.revocationEndpoint);
  }
  if (provider.issuer !== undefined) {
    try {
      new URL(provider.issuer);
    } catch {
      throw fail('issuer', 'must be an absolute URL');
    }
  }
  if (typeof provider.clientId !== 'string' || provider.clientId.trim() === '') {
    throw fail('clientId', 'is required');
  }
  if (!AUTH_METHODS.includes(provider.tokenEndpointAuthMethod)) {
    throw fail('tokenEndpointAuthMethod', `must be one of ${AUTH_METHODS.join(', ')}`);
  }
  if (provider.tokenEndpointAuthMethod !== 'none' && (typeof provider.clientSecret !== 'string' || provider.clientSecret === '')) {
    throw fail('clientSecret', `is required for ${provider.tokenEndpointAuthMethod}`);
  }
  if (!Array.isArray(provider.scopes)) throw fail('scopes', 'must be a list');
  for (const scope of provider.scopes) {
    if (typeof scope !== 'string' || !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)) {
      throw fail('scopes', 'must hold non-empty scope tokens without spaces (RFC 6749 §3.3)');
    }
  }
  const extra = {
    ...provider.quirks?.offlineAccessParams,
    ...provider.extraAuthorizationParams,
  };
  for (const name of Object.keys(extra)) {
    if (RESERVED_AUTHORIZATION_PARAMS.has(name)) {
      throw fail('extraAuthorizationParams', `must not set "${name}" (the engine sets it)`);
    }
  }
}

function clientAuthentication(provider: ProviderConfig): ClientAuth {
  switch (provider.tokenEndpointAuthMethod) {
    case 'client_secret_basic':
      return ClientSecretBasic(provider.clientSecret);
    case 'client_secret_post':
      return ClientSecretPost(provider.clientSecret);
    case 'none':
      return None();
  }
}

/** An openid-client configuration plus what its quirks fetch observed of the token endpoint. */
export interface ClientContext {
  configuration: Configuration;
  observation: TokenEndpointObservation;
}

/**
 * Build a fresh openid-client `Configuration` for one operation (observations are per
 * operation, so never share a context between concurrent calls).
 *
 * The authorization server metadata carries no `authorization_response_iss_parameter_supported`:
 * the engine checks `iss` itself (RFC 9207) before handing the callback to openid-client. When the
 * issuer is unknown, the token endpoint's origin stands in, and ID tokens are dropped unvalidated
 * (their `iss` could not be checked; the engine never uses ID token claims).
 */
export function createClientContext(provider: ProviderConfig, fetchImpl?: HttpFetch): ClientContext {
  validateProviderConfig(provider);
  const tokenEndpoint = new URL(provider.tokenEndpoint);
  const configuration = new Configuration(
    {
      issuer: provider.issuer ?? tokenEndpoint.origin,
      authorization_endpoint: provider.authorizationEndpoint,
      token_endpoint: provider.tokenEndpoint,
      ...(provider.revocationEndpoint ? { revocation_endpoint: provider.revocationEndpoint } : {}),
    },
    provider.clientId,
    { token_endpoint_auth_method: provider.tokenEndpointAuthMethod },
    clientAuthentication(provider),
  );
  const observation: TokenEndpointObservation = { status: undefined, retryAfter: null };
  const quirksFetch = createQuirksFetch(
    fetchImpl ?? ((input, init) => globalThis.fetch(input, init)),
    provider.tokenEndpoint,
    observation,
    { dropIdToken: provider.issuer === undefined },
  );
  configuration[customFetch] = (url, options) => quirksFetch(url, options as RequestInit);
  // The injected fetch keeps its own deadline: no AbortSignal and timer per request on top.
  if (fetchImpl?.timeoutMs !== undefined) configuration.timeout = 0;
  const endpoints = [provider.authorizationEndpoint, provider.tokenEndpoint, provider.revocationEndpoint];
  if (endpoints.some((endpoint) => endpoint && isLoopbackHttp(new URL(endpoint)))) {
    allowInsecureRequests(configuration);
  }
  return { configuration, observation };
}
