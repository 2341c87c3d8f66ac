import { CookieJar } from './cookie-jar.js';
import { ACCOUNT_HEADER } from './interactions/middleware.js';
import { INTERACTION_PREFIX } from './routes.js';
import type { AuthorizeOptions } from './types.js';

const MAX_HOPS = 20;

/**
 * Follows an authorization request (RFC 6749 §4.1.1) through the IdP's redirects with a cookie
 * jar, and resolves with the redirect that leaves the IdP towards the client's redirect_uri
 * (§4.1.2: code, state, iss — or §4.1.2.1: error). The redirect_uri is never requested.
 */
export async function followAuthorization(issuer: string, authorizationUrl: string, opts: AuthorizeOptions = {}): Promise<URL> {
  const issuerOrigin = new URL(issuer).origin;
  const start = new URL(authorizationUrl);
  const redirectUri = start.searchParams.get('redirect_uri');
  const target = redirectUri ? new URL(redirectUri) : undefined;
  const jar = new CookieJar();
  let url = start;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    if (url.origin !== issuerOrigin || (target && url.origin === target.origin && url.pathname === target.pathname)) {
      return url;
    }
    const headers: Record<string, string> = {};
    const cookie = jar.header(url);
    if (cookie) headers.cookie = cookie;
    if (opts.accountId) headers[ACCOUNT_HEADER] = opts.accountId;
    const response = await fetch(url, { redirect: 'manual', headers });
    jar.store(response, url);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    const text = await response.text();
    const uiHint = url.pathname.startsWith(INTERACTION_PREFIX)
      ? " (a login/consent page: interaction mode 'ui' needs a browser; use 'auto' or 'deny')"
      : '';
    throw new Error(
      `test-idp authorize(): expected a redirect from ${url.pathname}, got HTTP ${response.status}` + `${describePage(text)}${uiHint}`,
    );
  }
  throw new Error(`test-idp authorize(): more than ${MAX_HOPS} redirects`);
}

/** Pulls oidc-provider's error summary out of its HTML error page (or a short plain-text body). */
function describePage(body: string): string {
  const fromHtml = /<pre>([\s\S]*?)<\/pre>/.exec(body)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(body)?.[1];
  const summary = fromHtml ?? (body.trimStart().startsWith('<') ? '' : body);
  const text = summary
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? `: ${text.slice(0, 300)}` : '';
}
