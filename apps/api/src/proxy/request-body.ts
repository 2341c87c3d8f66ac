/**
 * The caller's request body on its way to the upstream. Up to {@link RETRY_BUFFER_BYTES} it is
 * kept in memory (so the request can be sent again after a 401); a larger body is streamed
 * through as it arrives, its first part included, and cannot be retried. The size limit
 * (PROXY_MAX_BODY_BYTES) is checked on Content-Length before anything is read, and on the bytes
 * counted while streaming.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { ProxyError } from './proxy-errors.js';

/** Bodies up to this size are kept for the one retry after a 401. */
export const RETRY_BUFFER_BYTES = 1024 * 1024;

export type ProxyBody = { kind: 'none' } | { kind: 'buffered'; bytes: Buffer } | { kind: 'streamed'; stream: Readable };

const tooLarge = (max: number) =>
  new ProxyError('PAYLOAD_TOO_LARGE', `The request body is larger than PROXY_MAX_BODY_BYTES (${max} bytes).`);

export const NO_BODY: ProxyBody = Object.freeze({ kind: 'none' });

/** The request's framing headers (read once by the caller). */
export interface BodyFraming {
  contentLength: string | undefined;
  transferEncoding: string | undefined;
}

export function hasBody({ contentLength, transferEncoding }: BodyFraming): boolean {
  return transferEncoding !== undefined || (contentLength !== undefined && contentLength !== '0');
}

/** Reads the first part of the body; the rest (if any) stays in the request stream. */
export async function readProxyBody(request: IncomingMessage, framing: BodyFraming, maxBytes: number): Promise<ProxyBody> {
  if (!hasBody(framing)) return NO_BODY;
  const declared = Number(framing.contentLength ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);

  const iterator = request[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let size = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { kind: 'buffered', bytes: Buffer.concat(head, size) };
    head.push(next.value);
    size += next.value.length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    if (size > RETRY_BUFFER_BYTES) break;
  }
  async function* rest(): AsyncGenerator<Buffer> {
    yield* head;
    let total = size;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      total += next.value.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      yield next.value;
    }
  }
  return { kind: 'streamed', stream: Readable.from(rest(), { objectMode: false }) };
}
