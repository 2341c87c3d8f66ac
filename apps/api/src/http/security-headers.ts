/**
 * Response headers every answer carries (the console and the API alike).
 *
 * The Content-Security-Policy allows only this origin's own files: no inline or injected script,
 * no plugins, no `<base>`, no framing. `connect-src` names the WebSocket origin of PUBLIC_URL
 * (ws: or wss:) beside 'self', for graphql-ws subscriptions in browsers that do not count
 * WebSockets as 'self'. Styles allow 'unsafe-inline' because PrimeVue injects its theme as
 * `<style>` elements at run time; a style cannot run code. HSTS only when PUBLIC_URL is https
 * (a browser ignores it over http, and it would pin a plain-http deployment's host).
 */

/** One year: the usual HSTS lifetime. Subdomains are not included (they may not be ours). */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** The WebSocket origin of an http(s) URL: `https://x.example:8443/app` → `wss://x.example:8443`. */
function webSocketOrigin(publicUrl: URL): string {
  return `${publicUrl.protocol === 'https:' ? 'wss:' : 'ws:'}//${publicUrl.host}`;
}

export function contentSecurityPolicy(publicUrl: string): string {
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${webSocketOrigin(new URL(publicUrl))}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  return directives.join('; ');
}

/** The headers for a server reached at `publicUrl` (PUBLIC_URL). */
export function securityHeaders(publicUrl: string): Readonly<Record<string, string>> {
  return {
    'x-content-type-options': 'nosniff',
    'content-security-policy': contentSecurityPolicy(publicUrl),
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    ...(publicUrl.startsWith('https:') ? { 'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}` } : {}),
  };
}
