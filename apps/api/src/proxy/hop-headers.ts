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
