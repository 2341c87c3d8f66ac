/**
 * Which headers cross the proxy. To the upstream: the caller's headers except hop-by-hop ones
 * (RFC 9110 §7.6.1, and those the caller's `Connection` names), `host`, `authorization`, `cookie`,
 * `x-workspace`, `proxy-*` and `expect`. Back to the caller: the upstream's headers except
 * hop-by-hop ones and `set-cookie`.
 */
import type { IncomingHttpHeaders } from 'node:http';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'http2-settings',
]);
const PLAIN_CONNECTION = /^\s*(?:keep-alive|close)\s*$/i;
const KEEP_ALIVE_ONLY = /^\s*keep-alive\s*$/i;
const NEVER_FORWARDED = new Set(['host', 'authorization', 'cookie', 'x-workspace', 'expect']);

type HeaderValue = string | string[] | undefined;

function connectionTokens(value: HeaderValue): Set<string> {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    text
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== ''),
  );
}

/** The caller's headers as sent to the upstream (the credentials are added afterwards). */
export function forwardedRequestHeaders(incoming: IncomingHttpHeaders): Record<string, string | string[]> {
  const named = connectionTokens(incoming.connection);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || HOP_BY_HOP.has(name) || NEVER_FORWARDED.has(name) || named.has(name)) continue;
    if (name.startsWith('proxy-')) continue;
    out[name] = value;
  }
  return out;
}

/** What /proxy reads from the caller's headers besides those it forwards. */
export interface CallerHeaders {
  /** The headers sent on to the upstream: `[name, value, …]`, lower-case names, in the caller's order. */
  forwarded: string[];
  authorization: string | undefined;
  contentLength: string | undefined;
  transferEncoding: string | undefined;
  requestId: string | undefined;
}

/** The same headers as a flat list (what undici takes without building an object per request). */
export function flatHeaders(headers: Record<string, string | string[]>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const one of value) out.push(name, one);
    else out.push(name, value);
  }
  return out;
}

/**
 * {@link forwardedRequestHeaders} read straight from Node's `rawHeaders` (one pass, without
 * building `request.headers`, into a flat list rather than an object), with the few headers
 * /proxy itself needs; the first of repeated `authorization`, `content-length` or
 * `x-request-id` headers counts, as in Node.
 */
export function callerHeaders(raw: readonly string[]): CallerHeaders {
  // Room for the x-request-id /proxy may add (a push past the capacity would copy the array).
  const kept = new Array<string>(raw.length + 2);
  let length = 0;
  let authorization: string | undefined;
  let contentLength: string | undefined;
  let transferEncoding: string | undefined;
  let requestId: string | undefined;
  let connection: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = raw[i + 1] as string;
    if (name === 'authorization') authorization ??= value;
    else if (name === 'connection') connection = connection === undefined ? value : `${connection}, ${value}`;
    else if (name === 'transfer-encoding') transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
    if (HOP_BY_HOP.has(name) || NEVER_FORWARDED.has(name) || name.startsWith('proxy-')) continue;
    if (name === 'content-length') contentLength ??= value;
    else if (name === 'x-request-id') requestId ??= value;
    kept[length++] = name;
    kept[length++] = value;
  }
  kept.length = length;
  // `Connection: keep-alive` (or close), what nearly every client sends, names no header to drop.
  if (connection !== undefined && !PLAIN_CONNECTION.test(connection)) {
    const named = connectionTokens(connection);
    const forwarded = kept.filter((_, i) => !named.has(kept[i - (i % 2)] as string));
    return { forwarded, authorization, contentLength, transferEncoding, requestId };
  }
  return { forwarded: kept, authorization, contentLength, transferEncoding, requestId };
}

/**
 * {@link returnedResponseHeaders} from undici's raw response headers, as the flat
 * `[name, value, …]` list `writeHead` takes (latin1 both ways: the bytes pass unchanged), with
 * `x-request-id: requestId` at the end (the array is made at its final size).
 */
export function returnedRawHeaders(raw: readonly Buffer[], requestId: string): string[] {
  const out: string[] = new Array<string>(raw.length + 2);
  let length = 0;
  let connection: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as Buffer).toString('latin1').toLowerCase();
    if (HOP_BY_HOP.has(name) || name === 'set-cookie' || name.startsWith('proxy-')) {
      if (name === 'connection') (connection ??= []).push((raw[i + 1] as Buffer).toString('latin1'));
      continue;
    }
    out[length] = name;
    out[length + 1] = (raw[i + 1] as Buffer).toString('latin1');
    length += 2;
  }
  out[length] = 'x-request-id';
  out[length + 1] = requestId;
  out.length = length + 2;
  // `Connection: keep-alive`, what nearly every server sends, names no header that is still there.
  if (!connection || (connection.length === 1 && KEEP_ALIVE_ONLY.test(connection[0] as string))) return out;
  const named = connectionTokens(connection);
  const kept: string[] = [];
  for (let i = 0; i < length; i += 2) if (!named.has(out[i] as string)) kept.push(out[i] as string, out[i + 1] as string);
  kept.push('x-request-id', requestId);
  return kept;
}

/** The upstream's response headers as passed back to the caller. */
export function returnedResponseHeaders(upstream: Record<string, HeaderValue>): Record<string, string | string[]> {
  const named = connectionTokens(upstream.connection);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || named.has(lower) || lower === 'set-cookie') continue;
    if (lower.startsWith('proxy-')) continue;
    out[lower] = value;
  }
  return out;
}
