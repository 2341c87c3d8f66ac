/**
 * One request to a provider whose answer is read whole into memory, within a byte limit, by an
 * undici dispatch handler: the chunks go straight into a list as they arrive (no `Readable`
 * body, no async iterator over it, no `request()` wrapper around them), and the answer is
 * handed over once it is complete. An encoded answer (gzip, deflate, br, or a list of up to
 * three of them) is decoded once it is read, its decoded size held to the same limit. Past the
 * limit (declared or read), the exchange is aborted and the answer refused.
 */
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { providerResponseTooLarge } from '@grantkeeper/oauth-core';
import type { Dispatcher } from 'undici';

export interface WholeAnswer {
  status: number;
  /** Header names lower-cased; values as received (repeated ones in order). */
  headers: [name: string, value: string][];
  /** The decoded body. */
  body: Buffer;
}

export interface WholeRequest {
  url: URL;
  method: string;
  headers: Dispatcher.DispatchOptions['headers'];
  body: string | Uint8Array | undefined;
}

/** What a started request can be told from outside: abort it (the deadline, the caller's signal). */
export interface Abortable {
  abort(reason: Error): void;
}

/** The most codings an answer may stack (`Content-Encoding: gzip, br`); longer lists are refused. */
export const MAX_CONTENT_CODINGS = 3;

const DECODERS: Record<string, ((body: Buffer, options: { maxOutputLength: number }) => Buffer) | null> = {
  identity: null,
  gzip: gunzipSync,
  'x-gzip': gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

/**
 * The codings of a `Content-Encoding` list in the order they were applied (RFC 9110 8.4; empty
 * elements are allowed by the list syntax, 5.6.1), or null when one is unknown or the list is too
 * long: an answer nobody can read is refused before any of it is decoded.
 */
function codingsOf(encoding: string | undefined): string[] | null {
  const codings = (encoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '');
  if (codings.length > MAX_CONTENT_CODINGS) return null;
  return codings.every((coding) => Object.hasOwn(DECODERS, coding)) ? codings : null;
}

/**
 * Undoes the codings last applied first. Every step's output is held to `limit`, the final body
 * and anything in between, so a stack of small codings cannot grow past it either.
 */
function decode(body: Buffer, encoding: string | undefined, status: number, limit: number): Buffer {
  const codings = codingsOf(encoding);
  if (codings === null) throw new TypeError(`fetch failed: unsupported content-encoding "${encoding}"`);
  const options = { maxOutputLength: limit };
  let decoded = body;
  try {
    for (const coding of codings.reverse()) decoded = DECODERS[coding]?.(decoded, options) ?? decoded;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw providerResponseTooLarge(status, limit);
    throw error;
  }
  return decoded;
}

class WholeAnswerHandler implements Dispatcher.DispatchHandler, Abortable {
  #abortExchange: ((reason?: Error) => void) | null = null;
  /** An abort asked for before the exchange started: applied when it does. */
  #abortReason: Error | null = null;
  #settled = false;
  #status = 0;
  #headers: [string, string][] = [];
  #encoding: string | undefined;
  readonly #chunks: Buffer[] = [];
  #bytes = 0;

  constructor(
    private readonly limit: number,
    private readonly resolve: (answer: WholeAnswer) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  abort(reason: Error): void {
    if (this.#settled) return;
    if (this.#abortExchange !== null) return this.#abortExchange(reason);
    // Not started yet (queued, connecting): fail now, and stop the exchange when it starts.
    this.#abortReason = reason;
    this.#fail(reason);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.#abortReason !== null) abort(this.#abortReason);
    else this.#abortExchange = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    if (statusCode < 200) return true;
    this.#status = statusCode;
    const headers: [string, string][] = [];
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!.toString('latin1').toLowerCase();
      const value = rawHeaders[i + 1]!.toString('utf8');
      if (name === 'content-length') {
        if (Number(value) > this.limit) return this.#tooLarge();
      } else if (name === 'content-encoding') this.#encoding = this.#encoding === undefined ? value : `${this.#encoding},${value}`;
      else headers.push([name, value]);
    }
    this.#headers = headers;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#bytes += chunk.byteLength;
    if (this.#bytes > this.limit) return this.#tooLarge();
    this.#chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.#settled) return;
    this.#settled = true;
    const chunks = this.#chunks;
    const read = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#bytes);
    try {
      this.resolve({ status: this.#status, headers: this.#headers, body: decode(read, this.#encoding, this.#status, this.limit) });
    } catch (error) {
      this.reject(error);
    }
  }

  onError(error: Error): void {
    this.#fail(error);
  }

  #tooLarge(): false {
    const refusal = providerResponseTooLarge(this.#status, this.limit);
    this.#fail(refusal);
    this.#abortExchange?.(refusal);
    return false;
  }

  #fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.reject(error);
  }
}

/**
 * Sends `request` and resolves with its answer read whole (at most `limit` bytes, read and
 * decoded); rejects with the exchange's error, or `ProviderError` past the limit. `started`
 * receives the handle that aborts it.
 */
export function requestWhole(
  dispatcher: Dispatcher,
  request: WholeRequest,
  limit: number,
  started: (exchange: Abortable) => void,
): Promise<WholeAnswer> {
  return new Promise((resolve, reject) => {
    const handler = new WholeAnswerHandler(limit, resolve, reject);
    started(handler);
    const { url, method, headers, body } = request;
    dispatcher.dispatch(
      { origin: url.origin, path: url.pathname + url.search, method: method as Dispatcher.HttpMethod, headers, body },
      handler,
    );
  });
}
