import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from './security-headers.js';

function directives(csp: string): Map<string, string> {
  return new Map(csp.split('; ').map((d) => [d.split(' ')[0] ?? '', d.slice(d.indexOf(' ') + 1)]));
}

describe('security headers', () => {
  it('allow scripts only from the origin itself, and no plugins, <base> or framing', () => {
    const csp = directives(contentSecurityPolicy('http://localhost:4000'));
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
  });

  it('let the console open its WebSocket to PUBLIC_URL (ws: for http, wss: for https)', () => {
    expect(directives(contentSecurityPolicy('http://localhost:4000')).get('connect-src')).toBe("'self' ws://localhost:4000");
    expect(directives(contentSecurityPolicy('https://gk.example.com')).get('connect-src')).toBe("'self' wss://gk.example.com");
    expect(directives(contentSecurityPolicy('https://gk.example.com:8443/')).get('connect-src')).toBe("'self' wss://gk.example.com:8443");
  });

  it('send HSTS only when PUBLIC_URL is https', () => {
    expect(securityHeaders('https://gk.example.com')['strict-transport-security']).toBe('max-age=31536000');
    expect(securityHeaders('http://localhost:4000')['strict-transport-security']).toBeUndefined();
  });
});
