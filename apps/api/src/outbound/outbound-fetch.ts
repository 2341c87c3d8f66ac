/**
 * The `fetch` the server hands to oauth-core (discovery, token and revocation endpoints) over the
 * policy-bound Agent. A connection refused by the address policy becomes the engine's
 * ConfigurationError (public code BAD_USER_INPUT) naming the host, so the admin learns that the
 * settings point somewhere Grantkeeper will not go; the engine passes it on unchanged.
 *
 * Every caller is oauth-core reading a provider's small answer, with `redirect: 'manual'`: those
 * requests go through undici's `request` (no WHATWG Request, no web streams), the answer is read
 * into memory within oauth-core's limit ({@link MAX_PROVIDER_RESPONSE_BYTES}, decoded bytes) and
 * handed back as a real `Response` that oauth-core knows it need not read again
 * (`providerResponse`). Anything else (redirects to follow, a streamed body) goes
 * through undici's `fetch`. Network failures reject with a `TypeError` as fetch's do.
 */
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import {
  ConfigurationError,
  MAX_PROVIDER_RESPONSE_BYTES,
  OAuthCoreError,
  providerResponse,
  providerResponseTooLarge,
  type HttpFetch,
} from '@grantkeeper/oauth-core';
import { fetch as undiciFetch, request, type Dispatcher } from 'undici';
import { isOutboundAddressRefused } from './address-policy.js';

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

/** The bodies `request` takes as they are; undefined for those left to fetch (streams, forms). */
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

function decoded(body: Readable, encoding: string | undefined): Readable {
  switch (encoding?.trim().toLowerCase()) {
    case undefined:
    case '':
    case 'identity':
      return body;
    case 'gzip':
    case 'x-gzip':
      return body.pipe(createGunzip());
    case 'deflate':
      return body.pipe(createInflate());
    case 'br':
      return body.pipe(createBrotliDecompress());
    default:
      body.destroy();
      throw new TypeError(`fetch failed: unsupported content-encoding "${encoding}"`);
  }
}

/** The whole (decoded) body, at most `limit` bytes: past it, reading stops and the answer is refused. */
async function readCapped(body: Readable, status: number, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += (chunk as Buffer).byteLength;
    if (total > limit) {
      body.destroy();
      throw providerResponseTooLarge(status, limit);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (name === 'content-length' || name === 'content-encoding' || value === undefined) continue;
    if (typeof value === 'string') headers.append(name, value);
    else for (const item of value) headers.append(name, item);
  }
  return headers;
}

async function requestResponse(
  url: string,
  init: RequestInit,
  body: RequestBody,
  dispatcher: Dispatcher,
  signal: AbortSignal | EventEmitter,
): Promise<Response> {
  const answer = await request(url, {
    method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
    headers: plainHeaders(init.headers),
    body,
    signal,
    dispatcher,
  });
  const declared = Number(answer.headers['content-length'] ?? '0');
  if (declared > MAX_PROVIDER_RESPONSE_BYTES) {
    answer.body.destroy();
    throw providerResponseTooLarge(answer.statusCode, MAX_PROVIDER_RESPONSE_BYTES);
  }
  const encoding = answer.headers['content-encoding'];
  const stream = decoded(answer.body, typeof encoding === 'string' ? encoding : encoding?.join(','));
  const bytes = await readCapped(stream, answer.statusCode, MAX_PROVIDER_RESPONSE_BYTES);
  return providerResponse(NULL_BODY_STATUSES.has(answer.statusCode) ? null : bytes, {
    status: answer.statusCode,
    headers: responseHeaders(answer.headers),
  });
}

/** The request's deadline: the caller's signal, or one plain timer (cleared by the caller). */
class Deadline extends EventEmitter {
  expired = false;
  readonly #timer: NodeJS.Timeout;

  constructor(ms: number) {
    super();
    this.#timer = setTimeout(() => {
      this.expired = true;
      this.emit('abort');
    }, ms);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

/** A failed request as fetch would report it: a policy refusal, the abort reason, or a TypeError. */
function failure(error: unknown, signal: AbortSignal | null | undefined, deadline: Deadline | undefined): unknown {
  const refusal = policyRefusalOf(error);
  if (refusal) return new ConfigurationError('INVALID_CONFIGURATION', refusal.message, { cause: error });
  if (deadline?.expired) return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
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
    const deadline = init.signal ? undefined : new Deadline(timeoutMs);
    try {
      return await requestResponse(String(input), init, body, dispatcher, init.signal ?? deadline!);
    } catch (error) {
      throw failure(error, init.signal, deadline);
    } finally {
      deadline?.clear();
    }
  };
  return Object.assign(outboundFetch, { timeoutMs });
}
