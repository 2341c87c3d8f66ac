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

/** The built-in Response as a base class (its typings declare the body readers as properties, which a subclass cannot override). */
const ResponseBase = Response as unknown as new (body: null, init: ResponseInit) => Pick<Response, 'status' | 'statusText' | 'headers'>;

/**
 * A `Response` over a body the host has already read whole. Its bytes are handed to `json()`,
 * `text()` and `arrayBuffer()` as they are, once, like any body: no web stream is built for them
 * (building one and reading it back costs more than the rest of handling a token answer). A
 * reader that asks for `body` itself, a `blob()` or `formData()`, gets a real stream over the
 * same bytes, built then.
 */
class PreReadResponse extends ResponseBase {
  readonly #bytes: Uint8Array;
  /** Its bytes already parsed as JSON by the engine (see {@link preParsedJson}): `json()` answers it. */
  #parsed: { value: unknown } | undefined;
  #used = false;
  /** The same answer with a real body stream, once a reader asked for one. */
  #streamed: Response | undefined;

  constructor(bytes: Uint8Array, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
  }

  /** The bytes, when nobody has read the body yet (in any way). */
  static unreadBytes(response: Response): Uint8Array | undefined {
    return response instanceof PreReadResponse && !response.bodyUsed && response.#streamed === undefined ? response.#bytes : undefined;
  }

  /** Keeps `value` (its bytes, parsed) for `json()`; false when the body is not this response's own unread bytes. */
  static keepParsed(response: Response, value: unknown): boolean {
    if (PreReadResponse.unreadBytes(response) === undefined) return false;
    (response as unknown as PreReadResponse).#parsed = { value };
    return true;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.#streaming().body;
  }

  get bodyUsed(): boolean {
    return this.#used || (this.#streamed?.bodyUsed ?? false);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#streamed !== undefined) return this.#streamed.arrayBuffer();
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return this.#streamed !== undefined ? this.#streamed.text() : decoder.decode(this.#take());
  }

  async json(): Promise<unknown> {
    if (this.#streamed !== undefined) return this.#streamed.json();
    const bytes = this.#take();
    const parsed = this.#parsed;
    this.#parsed = undefined;
    return parsed !== undefined ? parsed.value : JSON.parse(decoder.decode(bytes));
  }

  blob(): Promise<Blob> {
    return this.#streaming().blob();
  }

  formData(): Promise<FormData> {
    return this.#streaming().formData();
  }

  clone(): Response {
    if (this.bodyUsed) throw new TypeError('Response.clone: the body has already been read.');
    if (this.#streamed !== undefined) return this.#streamed.clone();
    return new PreReadResponse(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers }).asResponse();
  }

  /** This object as the Response it is (the typings cannot say so, see {@link ResponseBase}). */
  asResponse(): Response {
    return this as unknown as Response;
  }

  #take(): Uint8Array {
    if (this.#used) throw new TypeError('Body is unusable: the body has already been read.');
    this.#used = true;
    return this.#bytes;
  }

  #streaming(): Response {
    if (this.#streamed === undefined) {
      this.#streamed = new Response(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers });
      // Already read through json(), text() or arrayBuffer(): its stream is as used up.
      if (this.#used) void this.#streamed.body?.cancel();
    }
    return this.#streamed;
  }
}

const decoder = new TextDecoder();

/**
 * A `Response` over an answer already read whole (decoded, within
 * {@link MAX_PROVIDER_RESPONSE_BYTES}): by an `HttpFetch` that reads answers itself, or by the
 * quirks layer once it has rewritten one. The engine then takes its bytes as they are instead of
 * reading a body stream, and passes a token answer that needs no rewriting on to openid-client
 * unread.
 */
export function providerResponse(body: Uint8Array | null, init: ResponseInit): Response {
  return body === null ? new Response(null, init) : new PreReadResponse(body, init).asResponse();
}

/** The body of a {@link providerResponse} nobody has read yet, else undefined. */
export function preReadBody(response: Response): Uint8Array | undefined {
  return PreReadResponse.unreadBytes(response);
}

/**
 * Hands `value`, the JSON parse of a {@link providerResponse}'s unread bytes, to its `json()`
 * (once, as the body reads once), so a reader does not parse the same bytes again. The caller
 * gives up `value`: the reader may change it. False (nothing kept) for any other response.
 */
export function preParsedJson(response: Response, value: unknown): boolean {
  return PreReadResponse.keepParsed(response, value);
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
  return providerResponse(NULL_BODY_STATUSES.has(response.status) ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
