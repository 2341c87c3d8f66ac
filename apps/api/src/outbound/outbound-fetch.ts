/**
 * The `fetch` the server hands to oauth-core (discovery, token and revocation endpoints) over the
 * policy-bound Agent. A connection refused by the address policy becomes the engine's
 * ConfigurationError (public code BAD_USER_INPUT) naming the host, so the admin learns that the
 * settings point somewhere Grantkeeper will not go; the engine passes it on unchanged.
 *
 * Every caller is oauth-core reading a provider's small answer, with `redirect: 'manual'`: those
 * requests are dispatched on the Agent with a handler that collects the answer (`whole-answer.ts`:
 * no WHATWG Request, no web or Node streams, no `request()` wrapper), read into memory within
 * oauth-core's limit ({@link MAX_PROVIDER_RESPONSE_BYTES}, read and decoded bytes) and
 * handed back as a real `Response` that oauth-core knows it need not read again
 * (`providerResponse`). Anything else (redirects to follow, a streamed body) goes
 * through undici's `fetch`. Network failures reject with a `TypeError` as fetch's do.
 */
import { ConfigurationError, MAX_PROVIDER_RESPONSE_BYTES, OAuthCoreError, providerResponse, type HttpFetch } from '@grantkeeper/oauth-core';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { isOutboundAddressRefused } from './address-policy.js';
import { requestWhole, type Abortable } from './whole-answer.js';

/** The policy refusal inside a failed fetch (undici wraps connect errors in a TypeError). */
export function policyRefusalOf(error: unknown): Error | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (isOutboundAddressRefused(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** HTTP statuses whose response cannot carry a body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

type RequestBody = string | Uint8Array | undefined;

/** The bodies sent as they are; undefined for those left to fetch (streams, forms). */
function plainBody(body: RequestInit['body']): RequestBody | null {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  return null;
}

function plainHeaders(headers: RequestInit['headers']): Dispatcher.RequestOptions['headers'] {
  if (headers === undefined) return undefined;
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(headers as Iterable<[string, string]>);
  return headers as Record<string, string | string[]>;
}

/** The answer's headers as a `Headers` (content-length and content-encoding already left out). */
function responseHeaders(pairs: [string, string][]): Headers {
  const headers = new Headers();
  for (const [name, value] of pairs) headers.append(name, value);
  return headers;
}

/**
 * A request to a provider, its answer read whole: aborted by the caller's signal, or else past
 * `timeoutMs` (one plain timer, cleared when the answer is in).
 */
async function requestResponse(
  url: string,
  init: RequestInit,
  body: RequestBody,
  dispatcher: Dispatcher,
  timeoutMs: number,
): Promise<Response> {
  const signal = init.signal;
  if (signal?.aborted) throw failure(signal.reason, signal, false);
  let exchange: Abortable | undefined;
  let expired = false;
  const onAbort = () => exchange?.abort(new Error('aborted'));
  const timer = signal
    ? undefined
    : setTimeout(() => {
        expired = true;
        exchange?.abort(new Error('deadline passed'));
      }, timeoutMs);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const request = { url: new URL(url), method: init.method ?? 'GET', headers: plainHeaders(init.headers), body };
    const answer = await requestWhole(dispatcher, request, MAX_PROVIDER_RESPONSE_BYTES, (started) => (exchange = started));
    return providerResponse(NULL_BODY_STATUSES.has(answer.status) ? null : answer.body, {
      status: answer.status,
      headers: responseHeaders(answer.headers),
    });
  } catch (error) {
    throw failure(error, signal, expired);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** A failed request as fetch would report it: a policy refusal, the abort reason, or a TypeError. */
function failure(error: unknown, signal: AbortSignal | null | undefined, expired: boolean): unknown {
  const refusal = policyRefusalOf(error);
  if (refusal) return new ConfigurationError('INVALID_CONFIGURATION', refusal.message, { cause: error });
  if (expired) return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
  if (signal?.aborted) return signal.reason as unknown;
  if (error instanceof TypeError || error instanceof OAuthCoreError) return error;
  return new TypeError('fetch failed', { cause: error });
}

export interface OutboundFetchOptions {
  /** Every request (answer read whole) ends within this long unless the caller gives a signal. */
  timeoutMs?: number | undefined;
}

/** The default deadline of a request to a provider (openid-client's own default). */
export const OUTBOUND_FETCH_TIMEOUT_MS = 30_000;

export function createOutboundFetch(dispatcher: Dispatcher, options: OutboundFetchOptions = {}): HttpFetch {
  const timeoutMs = options.timeoutMs ?? OUTBOUND_FETCH_TIMEOUT_MS;
  const outboundFetch = async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    const body = plainBody(init.body);
    if (body === null || init.redirect !== 'manual') {
      const signal = init.signal ?? AbortSignal.timeout(timeoutMs);
      try {
        const response = await undiciFetch(input, { ...(init as Parameters<typeof undiciFetch>[1]), signal, dispatcher });
        return response as unknown as Response;
      } catch (error) {
        const refusal = policyRefusalOf(error);
        throw refusal ? new ConfigurationError('INVALID_CONFIGURATION', refusal.message, { cause: error }) : error;
      }
    }
    return requestResponse(String(input), init, body, dispatcher, timeoutMs);
  };
  return Object.assign(outboundFetch, { timeoutMs });
}
