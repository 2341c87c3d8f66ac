/**
 * The one quirks layer: provider deviations from RFC 6749 §5.1/§5.2 are normalised here and
 * nowhere else. Two halves:
 *
 * - {@link createQuirksFetch} wraps the `fetch` openid-client uses; it reads every answer (token,
 *   revocation, JWKS) with a byte limit (`body-limit.ts`, also used by discovery) and
 *   rewrites token endpoint
 *   responses into the shape the RFC (and openid-client) expects: `token_type` lower-case,
 *   `expires_in`/`refresh_token_expires_in` as numbers, a form-encoded body as JSON, and an
 *   `error` inside an HTTP 200 body turned into an HTTP 400 error response, so it classifies like
 *   any other OAuth error. An answer the host already read ({@link providerResponse}) that
 *   openid-client takes as it is goes on unread and uncopied.
 * - {@link normaliseTokenResponse} validates every field of the (already parsed) token response
 *   and maps it to the domain {@link TokenSet}, with messages naming the field.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
import { ProviderError } from '../errors.js';
import type { HttpFetch } from '../ports.js';
import type { TokenSet } from '../types.js';
import {
  bufferedResponse,
  MAX_PROVIDER_RESPONSE_BYTES,
  NULL_BODY_STATUSES,
  preParsedJson,
  preReadBody,
  providerResponse,
  readLimitedBody,
} from './body-limit.js';

/** What the quirks fetch saw of the last answer (status and `Retry-After`), for classification. */
export interface TokenEndpointObservation {
  status: number | undefined;
  retryAfter: string | null;
}

/** The request shape openid-client hands to its `customFetch`. */
export type QuirksFetch = (url: string, init: RequestInit) => Promise<Response>;

const NUMERIC = /^\s*\d+(\.\d+)?\s*$/;
const JSON_CONTENT_TYPE = /^\s*application\/json\s*(;|$)/i;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Whether `url` is the token endpoint (same origin and path; the query may differ). */
function isEndpoint(url: string, endpoint: URL | undefined): boolean {
  if (endpoint === undefined) return false;
  if (url === endpoint.href) return true;
  try {
    const parsed = new URL(url);
    return parsed.origin === endpoint.origin && parsed.pathname === endpoint.pathname;
  } catch {
    return false;
  }
}

function parseOrUndefined(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Numbers sent as strings (`"3600"`) become numbers; anything else is left for validation. */
function coerceNumber(body: Record<string, unknown>, field: string): void {
  const value = body[field];
  if (typeof value === 'string' && NUMERIC.test(value)) body[field] = Number(value);
}

/**
 * Parse a token endpoint body: JSON, or `application/x-www-form-urlencoded` (some providers
 * answer form-encoded unless told otherwise). Undefined when it is neither.
 */
function parseBody(text: string, contentType: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(text);
    return isRecord(json) ? json : undefined;
  } catch {
    if (/application\/x-www-form-urlencoded|text\/plain/i.test(contentType) && text.includes('=')) {
      return Object.fromEntries(new URLSearchParams(text.trim()));
    }
    return undefined;
  }
}

/** The RFC 6749 shape of a parsed body, rewritten in place; true when anything changed. */
function normaliseBody(body: Record<string, unknown>, dropIdToken: boolean | undefined): boolean {
  const before = [body.token_type, body.expires_in, body.refresh_token_expires_in];
  if (typeof body.token_type === 'string') body.token_type = body.token_type.toLowerCase();
  coerceNumber(body, 'expires_in');
  coerceNumber(body, 'refresh_token_expires_in');
  let changed = before[0] !== body.token_type || before[1] !== body.expires_in || before[2] !== body.refresh_token_expires_in;
  if (dropIdToken && 'id_token' in body) {
    delete body.id_token;
    changed = true;
  }
  return changed;
}

/**
 * The parsed body when openid-client can take this answer as it came: a JSON object served as
 * JSON, no `error` inside a 2xx, no ID token to drop; undefined otherwise. (`token_type` in any
 * case and numeric strings in `expires_in` it accepts itself; {@link normaliseTokenResponse}
 * normalises them afterwards.)
 */
function plainTokenAnswer(text: string, response: Response, dropIdToken: boolean | undefined): Record<string, unknown> | undefined {
  if (!JSON_CONTENT_TYPE.test(response.headers.get('content-type') ?? '')) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  if (response.status >= 200 && response.status < 300 && body.error !== undefined) return undefined;
  return dropIdToken && 'id_token' in body ? undefined : body;
}

/**
 * Rewrite one token endpoint response into its RFC 6749 shape, reading its body once within
 * `maxResponseBytes` (default {@link MAX_PROVIDER_RESPONSE_BYTES}). Bodies that are not a JSON
 * (or form-encoded) object are passed through untouched for openid-client to reject; a JSON
 * body that needs no change is passed on as it came (no second serialisation).
 *
 * `dropIdToken` removes an `id_token` that cannot be validated (the provider's issuer is not
 * configured, e.g. multi-tenant Entra ID or LinkedIn); Grantkeeper manages access, not identity,
 * so it never uses ID token claims and keeps no unvalidated ID token.
 */
export async function normaliseTokenEndpointResponse(
  response: Response,
  options: { dropIdToken?: boolean | undefined; maxResponseBytes?: number | undefined } = {},
): Promise<Response> {
  const unread = preReadBody(response) !== undefined;
  const bytes = await readLimitedBody(response, options.maxResponseBytes ?? MAX_PROVIDER_RESPONSE_BYTES);
  const text = decoder.decode(bytes);
  const plain = unread ? plainTokenAnswer(text, response, options.dropIdToken) : undefined;
  // Parsed once: openid-client's json() gets this parse instead of parsing the bytes again.
  if (plain !== undefined && preParsedJson(response, plain)) return response;
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  const contentType = headers.get('content-type') ?? '';
  const body = parseBody(text, contentType);
  if (body === undefined) {
    return providerResponse(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  }
  let status = response.status;
  // An OAuth error inside an HTTP 200 body (RFC 6749 §5.2 says 400): make it a real error.
  if (status >= 200 && status < 300 && typeof body.error === 'string') status = 400;
  const changed = normaliseBody(body, options.dropIdToken);
  // Parsed as JSON unless the content type said form-encoded or plain text.
  const asJson = JSON_CONTENT_TYPE.test(contentType);
  if (!asJson) headers.set('content-type', 'application/json;charset=UTF-8');
  return providerResponse(changed || !asJson ? encoder.encode(JSON.stringify(body)) : bytes, {
    status,
    statusText: status === response.status ? response.statusText : 'Bad Request',
    headers,
  });
}

/**
 * Wrap the injected fetch for openid-client: every answer is read within
 * `maxResponseBytes` (default {@link MAX_PROVIDER_RESPONSE_BYTES}); token endpoint responses
 * then go through {@link normaliseTokenEndpointResponse}, others pass through. The status and
 * `Retry-After` of every answer are recorded in `observation` (one per request context).
 */
export function createQuirksFetch(
  fetchImpl: HttpFetch,
  tokenEndpoint: string,
  observation: TokenEndpointObservation,
  options: { dropIdToken?: boolean; maxResponseBytes?: number } = {},
): QuirksFetch {
  const endpoint = parseOrUndefined(tokenEndpoint);
  return async (url, init) => {
    const raw = await fetchImpl(url, init);
    observation.status = raw.status;
    observation.retryAfter = raw.headers.get('retry-after');
    if (isEndpoint(url, endpoint)) return normaliseTokenEndpointResponse(raw, options);
    return bufferedResponse(raw, options.maxResponseBytes ?? MAX_PROVIDER_RESPONSE_BYTES);
  };
}

export interface NormaliseTokenResponseOptions {
  /** When the response was received: `expires_in` counts from here. */
  obtainedAt: Date;
  /** Scopes to record when the response has no `scope` (RFC 6749 §5.1: same as requested). */
  requestedScopes: readonly string[];
  /** On refresh: kept when the response carries no new `refresh_token`. */
  previousRefreshToken?: string | null | undefined;
  /** On refresh: kept with the previous refresh token when no new expiry is given. */
  previousRefreshTokenExpiresAt?: Date | null | undefined;
  /** Separator of the `scope` value (RFC: space; a few providers use commas). */
  scopeSeparator?: ' ' | ',' | undefined;
}

function invalid(field: string, problem: string): ProviderError {
  return new ProviderError('INVALID_TOKEN_RESPONSE', `The token response is invalid: "${field}" ${problem}.`);
}

function optionalSeconds(body: Record<string, unknown>, field: string): number | null {
  const raw = body[field];
  if (raw === undefined || raw === null) return null;
  const value = typeof raw === 'string' && NUMERIC.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(field, 'must be a non-negative number of seconds');
  }
  return value;
}

function addSeconds(from: Date, seconds: number): Date {
  return new Date(from.getTime() + Math.round(seconds * 1000));
}

/**
 * Validate a token endpoint response body and map it to a {@link TokenSet}. Every field is
 * checked, and a failure names the field (never its value): `ProviderError`
 * `INVALID_TOKEN_RESPONSE`.
 *
 * - `token_type` in any case becomes lower-case;
 * - `expires_in` may be a number or a numeric string, or missing (`expiresAt` null);
 * - a missing `refresh_token` keeps `previousRefreshToken` (and its expiry);
 * - `refresh_token_expires_in` sets `refreshTokenExpiresAt`;
 * - a missing `scope` records `requestedScopes`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function normaliseTokenResponse(body: unknown, options: NormaliseTokenResponseOptions): TokenSet {
  if (!isRecord(body)) throw invalid('body', 'must be a JSON object');
  if (typeof body.error === 'string') {
    throw invalid('error', 'is present: the provider answered with an error');
  }

  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    throw invalid('access_token', 'must be a non-empty string');
  }

  const tokenType = body.token_type;
  if (typeof tokenType !== 'string' || tokenType.trim().length === 0) {
    throw invalid('token_type', 'must be a non-empty string');
  }

  const expiresIn = optionalSeconds(body, 'expires_in');
  const refreshTokenExpiresIn = optionalSeconds(body, 'refresh_token_expires_in');

  const rawRefreshToken = body.refresh_token;
  if (rawRefreshToken !== undefined && rawRefreshToken !== null && (typeof rawRefreshToken !== 'string' || rawRefreshToken.length === 0)) {
    throw invalid('refresh_token', 'must be a non-empty string when present');
  }
  const issuedRefreshToken = typeof rawRefreshToken === 'string' ? rawRefreshToken : null;
  const refreshToken = issuedRefreshToken ?? options.previousRefreshToken ?? null;

  let refreshTokenExpiresAt: Date | null = null;
  if (refreshTokenExpiresIn !== null) {
    refreshTokenExpiresAt = addSeconds(options.obtainedAt, refreshTokenExpiresIn);
  } else if (issuedRefreshToken === null && refreshToken !== null) {
    refreshTokenExpiresAt = options.previousRefreshTokenExpiresAt ?? null;
  }

  const rawScope = body.scope;
  if (rawScope !== undefined && rawScope !== null && typeof rawScope !== 'string') {
    throw invalid('scope', 'must be a string when present');
  }
  const separator = options.scopeSeparator === ',' ? /[\s,]+/ : /\s+/;
  const scopes =
    typeof rawScope === 'string' ? rawScope.split(separator).filter((scope) => scope.length > 0) : [...options.requestedScopes];

  const idToken = body.id_token;
  if (idToken !== undefined && idToken !== null && (typeof idToken !== 'string' || idToken === '')) {
    throw invalid('id_token', 'must be a non-empty string when present');
  }

  return {
    accessToken,
    tokenType: tokenType.trim().toLowerCase(),
    expiresAt: expiresIn === null ? null : addSeconds(options.obtainedAt, expiresIn),
    refreshToken,
    refreshTokenExpiresAt,
    scopes,
    idToken: typeof idToken === 'string' ? idToken : null,
    obtainedAt: options.obtainedAt,
  };
}
