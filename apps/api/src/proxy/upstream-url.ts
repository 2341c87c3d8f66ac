/**
 * Where a proxied request goes: the connection's `baseUrl` + `/{path}` + the caller's query
 * string. The path is appended to the base path and can never leave it: a dot segment (also
 * percent-encoded), an encoded slash or backslash, an empty segment (`//host` tricks) or a
 * control character is refused with BAD_USER_INPUT, and the result is checked to be on the
 * base's origin under its path. The usual path and query (only characters the URL parser keeps
 * as they are) are joined to the base as text, without a URL object and its getters per request;
 * anything else is parsed and checked as a URL.
 */
import { ProxyError } from './proxy-errors.js';

const ENCODED_SEPARATOR_OR_DOT = /%2e|%2f|%5c/i;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const BACKSLASH_OR_CONTROL = /[\\\x00-\x1f\x7f]/;

function refuse(reason: string): never {
  throw new ProxyError('BAD_USER_INPUT', `The proxied path is not allowed: ${reason}.`);
}

/** Checks each segment of the raw (still percent-encoded) path after the connection code. */
function checkSegments(rawPath: string): void {
  if (BACKSLASH_OR_CONTROL.test(rawPath)) refuse('it contains a backslash or a control character');
  const segments = rawPath.split('/');
  const last = segments.length - 1;
  for (let index = 0; index <= last; index += 1) {
    const segment = segments[index] as string;
    if (segment === '' && index < last) refuse('it contains an empty segment ("//")');
    if (segment === '.' || segment === '..') refuse('it contains a "." or ".." segment');
    // Without a percent sign a segment decodes to itself: nothing more to look for.
    if (!segment.includes('%')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      refuse('it is not valid percent-encoding');
    }
    if (decoded === '.' || decoded === '..') refuse('it contains a "." or ".." segment');
    if (/[/\\]/.test(decoded) || ENCODED_SEPARATOR_OR_DOT.test(decoded)) refuse('it contains an encoded "/", "\\" or "."');
  }
}

interface Base {
  origin: string;
  pathname: string;
  /** The pathname without its trailing slashes. */
  basePath: string;
  /** http or https: the schemes whose parsing the text join below is known to match. */
  special: boolean;
}

/** Parsed base URLs, by their text (a connection's baseUrl is parsed once, not per request). */
const bases = new Map<string, Base>();
const MAX_BASES = 1_000;

function parsedBase(baseUrl: string): Base {
  let base = bases.get(baseUrl);
  if (base === undefined) {
    const url = new URL(baseUrl);
    const special = url.protocol === 'http:' || url.protocol === 'https:';
    base = { origin: url.origin, pathname: url.pathname, basePath: url.pathname.replace(/\/+$/, ''), special };
    if (bases.size >= MAX_BASES) bases.clear();
    bases.set(baseUrl, base);
  }
  return base;
}

/**
 * Characters the WHATWG URL parser leaves unchanged in an http(s) path, resp. query (it
 * percent-encodes the others, and `'` in a query). A path made of them that passed
 * {@link checkSegments} has no dot segment, encoded separator or empty segment left for the
 * parser to resolve, so the parsed URL would be exactly the joined text (upstream-url.test.ts
 * compares the two for every ASCII character).
 */
const PATH_AS_IS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
const QUERY_AS_IS = /^[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*$/;

/** Where a proxied request goes: undici's `origin` and `path` (the path with its query). */
export interface UpstreamTarget {
  origin: string;
  path: string;
}

/**
 * @param baseUrl the connection's base URL (validated when it was saved)
 * @param rawPath the request path after `/proxy/{code}/`, exactly as received (no leading slash)
 * @param rawQuery the request's query string without `?` ("" when none)
 */
export function upstreamTarget(baseUrl: string, rawPath: string, rawQuery: string): UpstreamTarget {
  checkSegments(rawPath);
  const base = parsedBase(baseUrl);
  const path = rawPath === '' ? base.pathname : `${base.basePath}/${rawPath}`;
  if (base.special && PATH_AS_IS.test(rawPath) && QUERY_AS_IS.test(rawQuery)) {
    // On the base's origin and under its path by construction (see PATH_AS_IS).
    return { origin: base.origin, path: rawQuery === '' ? path : `${path}?${rawQuery}` };
  }
  const target = new URL(rawQuery === '' ? `${base.origin}${path}` : `${base.origin}${path}?${rawQuery}`);
  if (target.origin !== base.origin || !(target.pathname === base.pathname || target.pathname.startsWith(`${base.basePath}/`))) {
    refuse('it leaves the base URL');
  }
  return { origin: target.origin, path: `${target.pathname}${target.search}` };
}
