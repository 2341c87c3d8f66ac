/**
 * Reading a provider's answer with a byte limit: discovery documents, JWKS, token and revocation
 * responses are small, so anything larger is refused before it can cost memory (a provider that
 * streams without end costs at most the limit). Used by the quirks fetch (every request
 * openid-client makes) and by discovery.
 */
import { ProviderError } from '../errors.js';

/** The most a provider's answer may hold (decoded bytes): larger ones are refused unread. */
export const MAX_PROVIDER_RESPONSE_BYTES = 1024 * 1024;

/** HTTP statuses whose response cannot carry a body (the Response constructor refuses one). */
export const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The refusal of an answer over `limit` bytes (also thrown by a host's fetch that reads within the limit). */
export function providerResponseTooLarge(status: number, limit: number): ProviderError {
  return new ProviderError('PROVIDER_ERROR', `The provider's response is larger than ${limit} bytes; it was not read.`, { status });
}

/** Bodies of responses built by {@link providerResponse}: already read, whole, by the host. */
const readBodies = new WeakMap<Response, Uint8Array>();

/**
 * A `Response` over an answer the host's fetch has already read whole (decoded, within
 * {@link MAX_PROVIDER_RESPONSE_BYTES}), for an `HttpFetch` that reads answers itself.
 * The engine then takes its bytes as they are instead of reading the body stream again, and
 * passes a token answer that needs no rewriting on to openid-client unread.
 */
export function providerResponse(body: Uint8Array | null, init: ResponseInit): Response {
  const response = new Response(body, init);
  if (body !== null) readBodies.set(response, body);
  return response;
}

/** The body of a {@link providerResponse} whose stream nobody has touched, else undefined. */
export function preReadBody(response: Response): Uint8Array | undefined {
  const body = readBodies.get(response);
  return body !== undefined && !response.bodyUsed ? body : undefined;
}

/**
 * Read a response body, at most `limit` bytes: a larger `Content-Length` is refused before
 * reading, and a body that grows past the limit is cancelled as soon as it does (so a provider
 * streaming without end costs at most `limit` bytes of memory). Throws `ProviderError`
 * `PROVIDER_ERROR`.
 */
export async function readLimitedBody(response: Response, limit = MAX_PROVIDER_RESPONSE_BYTES): Promise<Uint8Array> {
  const preRead = preReadBody(response);
  if (preRead !== undefined && preRead.byteLength <= limit) return preRead;
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > limit) {
    await response.body?.cancel();
    throw providerResponseTooLarge(response.status, limit);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw providerResponseTooLarge(response.status, limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The same response with its body read (within the limit) into memory. */
export async function bufferedResponse(response: Response, limit: number): Promise<Response> {
  const preRead = preReadBody(response);
  if (preRead !== undefined && preRead.byteLength <= limit) return response;
  const body = await readLimitedBody(response, limit);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
