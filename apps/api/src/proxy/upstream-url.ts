/**
 * Where a proxied request goes: the connection's `baseUrl` + `/{path}` + the caller's query
 * string. The path is appended to the base path and can never leave it: a dot segment (also
 * percent-encoded), an encoded slash or backslash, an empty segment (`//host` tricks) or a
 * control character is refused with BAD_USER_INPUT, and the result is checked to be on the
 * base's origin under its path.
 */
import { ProxyError } from './proxy-errors.js';

const ENCODED_SEPARATOR_OR_DOT = /%2e|%2f|%5c/i;

function refuse(reason: string): never {
  throw new ProxyError('BAD_USER_INPUT', `The proxied path is not allowed: ${reason}.`);
}

/** Checks each segment of the raw (still percent-encoded) path after the connection code. */
function checkSegments(rawPath: string): void {
  if (rawPath.includes('\\') || [...rawPath].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    refuse('it contains a backslash or a control character');
  }
  const segments = rawPath.split('/');
  segments.forEach((segment, index) => {
    if (segment === '' && index < segments.length - 1) refuse('it contains an empty segment ("//")');
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      refuse('it is not valid percent-encoding');
    }
    if (decoded === '.' || decoded === '..') refuse('it contains a "." or ".." segment');
    if (/[/\\]/.test(decoded) || ENCODED_SEPARATOR_OR_DOT.test(decoded)) refuse('it contains an encoded "/", "\\" or "."');
  });
}

/**
 * @param baseUrl the connection's base URL (validated when it was saved)
 * @param rawPath the request path after `/proxy/{code}/`, exactly as received (no leading slash)
 * @param rawQuery the request's query string without `?` ("" when none)
 */
export function upstreamUrl(baseUrl: string, rawPath: string, rawQuery: string): URL {
  checkSegments(rawPath);
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const target = new URL(base.origin);
  target.pathname = rawPath === '' ? base.pathname : `${basePath}/${rawPath}`;
  target.search = rawQuery === '' ? '' : `?${rawQuery}`;
  if (target.origin !== base.origin || !(target.pathname === base.pathname || target.pathname.startsWith(`${basePath}/`))) {
    refuse('it leaves the base URL');
  }
  return target;
}
