/**
 * Discover a provider's endpoints from its issuer identifier: RFC 8414 authorization server
 * metadata first (`/.well-known/oauth-authorization-server` inserted before the issuer's path),
 * then OpenID Connect Discovery (`/.well-known/openid-configuration` appended to it).
 *
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationRequest
 */
import { ConfigurationError, OAuthCoreError, ProviderError } from '../errors.js';
import type { HttpFetch } from '../ports.js';
import { isLoopbackHttp } from './config.js';
import { readLimitedBody } from './body-limit.js';

export interface DiscoveredProvider {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint?: string;
  /** RFC 9207 `authorization_response_iss_parameter_supported`. */
  issParameterSupported: boolean;
  tokenEndpointAuthMethodsSupported?: string[];
  scopesSupported?: string[];
}

export interface DiscoverProviderOptions {
  fetch?: HttpFetch | undefined;
  /** Per request; default 10 seconds. */
  timeoutMs?: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function failed(message: string, cause?: unknown): ConfigurationError {
  return new ConfigurationError('DISCOVERY_FAILED', message, cause === undefined ? {} : { cause });
}

function parseIssuer(issuer: string): URL {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw failed('The issuer must be an absolute https URL.');
  }
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) {
    throw failed('The issuer must use https (http is allowed only on localhost and 127.0.0.1).');
  }
  if (url.search !== '' || url.hash !== '') {
    throw failed('The issuer must not contain a query or a fragment (RFC 8414 §2).');
  }
  return url;
}

/** RFC 8414 §3.1: the well-known suffix goes between the host and the issuer's path. */
export function wellKnownUrls(issuer: URL): { oauth: URL; openid: URL } {
  const path = issuer.pathname === '/' ? '' : issuer.pathname.replace(/\/$/, '');
  return {
    oauth: new URL(`${issuer.origin}/.well-known/oauth-authorization-server${path}`),
    openid: new URL(`${issuer.origin}${path}/.well-known/openid-configuration`),
  };
}

function sameIssuer(a: string, b: string): boolean {
  return a === b || a.replace(/\/$/, '') === b.replace(/\/$/, '');
}

function endpoint(metadata: Record<string, unknown>, field: string, required: true): string;
function endpoint(metadata: Record<string, unknown>, field: string, required: false): string | undefined;
function endpoint(metadata: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const value = metadata[field];
  if (value === undefined && !required) return undefined;
  if (typeof value !== 'string') {
    throw failed(`The issuer metadata has no valid "${field}".`);
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw failed(`The issuer metadata "${field}" is not an absolute URL.`);
  }
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) {
    throw failed(`The issuer metadata "${field}" does not use https.`);
  }
  return value;
}

function stringList(metadata: Record<string, unknown>, field: string): string[] | undefined {
  const value = metadata[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw failed(`The issuer metadata "${field}" must be a list of strings.`);
  }
  return value as string[];
}

/**
 * The one answer for every address with nothing usable there: a closed port, a timeout, a
 * server that is not HTTP, an error status, a body that is not a JSON object or has no
 * `issuer`. The issuer is an operator's input and the server fetches it, so the error must not
 * tell an open port from a closed one (or a web server from a database); the cause is not kept.
 */
export const NOTHING_USABLE_MESSAGE = 'No usable authorization server metadata was found at this issuer (RFC 8414 or OpenID discovery).';

function nothingUsable(): ConfigurationError {
  return failed(NOTHING_USABLE_MESSAGE);
}

/**
 * One metadata document, or undefined when nothing usable answers at this address. A network
 * error or timeout ends the discovery (the other well-known URL is on the same host).
 */
async function fetchMetadata(url: URL, fetchImpl: HttpFetch, timeoutMs: number): Promise<Record<string, unknown> | undefined> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    // An engine error from the injected fetch (e.g. the host's outbound address policy) says more.
    if (cause instanceof OAuthCoreError) throw cause;
    throw nothingUsable();
  }
  try {
    if (response.status !== 200) {
      await response.body?.cancel();
      return undefined;
    }
    const body: unknown = JSON.parse(new TextDecoder().decode(await readLimitedBody(response)));
    const usable = typeof body === 'object' && body !== null && !Array.isArray(body) && 'issuer' in body;
    return usable ? (body as Record<string, unknown>) : undefined;
  } catch (error) {
    if (error instanceof ProviderError) throw error; // over the size limit
    return undefined;
  }
}

/**
 * Fetch and validate the issuer's metadata. The metadata's `issuer` must equal the requested one
 * (RFC 8414 §3.3, a trailing slash aside); the returned `issuer` is the metadata's own spelling,
 * as the RFC 9207 `iss` check compares it exactly. Throws `ConfigurationError` `DISCOVERY_FAILED`,
 * or `ProviderError` `PROVIDER_ERROR` for a document over `MAX_PROVIDER_RESPONSE_BYTES`.
 */
export async function discoverProvider(issuer: string, opts: DiscoverProviderOptions = {}): Promise<DiscoveredProvider> {
  const issuerUrl = parseIssuer(issuer);
  const fetchImpl: HttpFetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const urls = wellKnownUrls(issuerUrl);

  const metadata = (await fetchMetadata(urls.oauth, fetchImpl, timeoutMs)) ?? (await fetchMetadata(urls.openid, fetchImpl, timeoutMs));
  if (metadata === undefined) throw nothingUsable();
  if (typeof metadata.issuer !== 'string' || !sameIssuer(metadata.issuer, issuer)) {
    throw failed('The issuer metadata names a different "issuer" than the one requested (RFC 8414 §3.3).');
  }

  const revocationEndpoint = endpoint(metadata, 'revocation_endpoint', false);
  const tokenEndpointAuthMethodsSupported = stringList(metadata, 'token_endpoint_auth_methods_supported');
  const scopesSupported = stringList(metadata, 'scopes_supported');
  return {
    issuer: metadata.issuer,
    authorizationEndpoint: endpoint(metadata, 'authorization_endpoint', true),
    tokenEndpoint: endpoint(metadata, 'token_endpoint', true),
    ...(revocationEndpoint !== undefined ? { revocationEndpoint } : {}),
    issParameterSupported: metadata.authorization_response_iss_parameter_supported === true,
    ...(tokenEndpointAuthMethodsSupported ? { tokenEndpointAuthMethodsSupported } : {}),
    ...(scopesSupported ? { scopesSupported } : {}),
  };
}
