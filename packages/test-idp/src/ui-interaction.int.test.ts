import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar } from './cookie-jar.js';
import { startTestIdp } from './index.js';
import { authorizationUrl, type Discovery, discover, exchangeCode, pkcePair, str } from './test-support/oauth-client.js';
import type { TestClient, TestIdp } from './types.js';

const client: TestClient = {
  clientId: 'demo',
  clientSecret: 'demo-secret',
  redirectUris: ['http://localhost:4000/oauth/callback'],
  name: 'Grantkeeper <Demo>',
  scopes: ['crm.contacts.read'],
};

/** A browser stand-in: follows redirects with cookies until a page or the client's redirect_uri. */
class Browser {
  readonly jar = new CookieJar();

  async go(url: URL, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ url: URL; status: number; html: string }> {
    let current = url;
    let method = init.method ?? 'GET';
    let body: URLSearchParams | undefined = init.form ? new URLSearchParams(init.form) : undefined;
    for (let hop = 0; hop < 10; hop += 1) {
      if (current.pathname === '/oauth/callback') return { url: current, status: 0, html: '' };
      const headers: Record<string, string> = {};
      const cookie = this.jar.header(current);
      if (cookie) headers.cookie = cookie;
      if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(current, { method, headers, body, redirect: 'manual' });
      this.jar.store(response, current);
      const location = response.headers.get('location');
      if (location && response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        current = new URL(location, current);
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url: current, status: response.status, html: await response.text() };
    }
    throw new Error('too many redirects');
  }
}

function formAction(html: string, base: URL): URL {
  return new URL(str(/<form[^>]*action="([^"]+)"/.exec(html)?.[1]), base);
}

describe('test-idp: ui interaction mode (HTML login and consent)', () => {
  let idp: TestIdp;
  let d: Discovery;

  beforeAll(async () => {
    idp = await startTestIdp({ interaction: 'ui', clients: [client] });
    d = await discover(idp.issuer);
  });
  afterAll(() => idp.close());

  it('serves a labelled login form, rejects a wrong password, then shows consent and redirects with a code on Allow', async () => {
    const browser = new Browser();
    const { verifier, challenge } = pkcePair();
    const start = new URL(authorizationUrl(d, client, { scope: 'openid crm.contacts.read', state: 'ui-1', challenge }));

    const login = await browser.go(start);
    expect(login.status).toBe(200);
    expect(login.url.pathname).toMatch(/^\/interaction\/[\w-]+$/);
    expect(login.html).toContain('<label for="username">');
    expect(login.html).toContain('<label for="password">');
    expect(login.html).toMatch(/<input id="username" name="username"/);
    expect(login.html).toMatch(/<input id="password" name="password" type="password"/);
    expect(login.html).toContain('<button type="submit">');
    expect(login.html).toContain('Grantkeeper &#60;Demo&#62;');
    const loginAction = formAction(login.html, login.url);
    expect(loginAction.pathname).toBe(`${login.url.pathname}/login`);

    const wrong = await browser.go(loginAction, {
      method: 'POST',
      form: { username: 'alice', password: 'nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('Wrong username or password.');
    expect(wrong.html).toContain('id="login-error"');

    const consent = await browser.go(loginAction, {
      method: 'POST',
      form: { username: 'alice', password: 'wonderland' },
    });
    expect(consent.status).toBe(200);
    expect(consent.html).toContain('Grantkeeper &#60;Demo&#62;');
    expect(consent.html).toContain('<li>crm.contacts.read</li>');
    expect(consent.html).toContain('<li>openid</li>');
    expect(consent.html).toContain('<button type="submit" name="allow"');
    expect(consent.html).toContain('<button type="submit" name="deny"');

    const done = await browser.go(formAction(consent.html, consent.url), {
      method: 'POST',
      form: { allow: '1' },
    });
    expect(done.url.searchParams.get('state')).toBe('ui-1');
    expect(done.url.searchParams.get('iss')).toBe(idp.issuer);
    const tokens = await exchangeCode(d, client, str(done.url.searchParams.get('code')), verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body.scope).toBe('openid crm.contacts.read');
  });

  it('Deny on the consent page ends with access_denied at the redirect URI', async () => {
    const browser = new Browser();
    const start = new URL(authorizationUrl(d, client, { state: 'ui-2', challenge: pkcePair().challenge }));
    const login = await browser.go(start);
    const consent = await browser.go(formAction(login.html, login.url), {
      method: 'POST',
      form: { username: 'alice', password: 'wonderland' },
    });
    const done = await browser.go(formAction(consent.html, consent.url), {
      method: 'POST',
      form: { deny: '1' },
    });
    expect(done.url.searchParams.get('error')).toBe('access_denied');
    expect(done.url.searchParams.get('state')).toBe('ui-2');
    expect(done.url.searchParams.get('code')).toBeNull();
  });
});
