import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { repoRoot, startApi, type ApiProcess } from './api-process';
import { launchChromium } from './browser';
import { startTokenRecorder, type TokenRecorder } from './token-recorder';

export const ADMIN_EMAIL = 'admin@grantkeeper.test';
export const ADMIN_PASSWORD = 'e2e-admin-password-9f3c';
export const CLIENT_ID = 'grantkeeper-e2e';
export const CLIENT_SECRET = 'e2e-client-secret-5b1d7a4e0c9f';
export const shots = join(repoRoot, 'apps/web/e2e/screenshots');

/**
 * What every browser test file shares: the test IdP (login and consent pages), a token recorder
 * in front of its token endpoint, the real API serving the console, and Chromium. Each test sets
 * up its own state (connections, authorizations, users) through the API, so a failure in one
 * test does not cascade into the next.
 */
export interface ConsoleUnderTest {
  idp: TestIdp;
  api: ApiProcess;
  recorder: TokenRecorder;
  browser: Browser;
  /** Bodies of every response received from the console's origin (browsers and helpers). */
  received: string[];
  /** A fresh browser context (no session) whose responses are recorded. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A fresh browser context already signed in (through the API) as `email`. */
  signedIn(email?: string, password?: string, options?: BrowserContextOptions): Promise<BrowserContext>;
  /** GraphQL as the bootstrap admin; throws on GraphQL errors. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** An OAuth2 connection on the IdP, its token calls through the recorder. */
  createConnection(code: string, name?: string): Promise<void>;
  /** Start Authorization through the API and consent at the IdP without a browser. */
  authorize(code: string): Promise<void>;
  /** Start Authorization through the API; the IdP answers access_denied. */
  denyAuthorization(code: string): Promise<void>;
  close(): Promise<void>;
}

async function landCallback(api: ApiProcess, callback: URL, cookie: string): Promise<string> {
  const landed = await fetch(`${api.url}${callback.pathname}${callback.search}`, {
    redirect: 'manual',
    headers: { cookie },
  });
  await landed.body?.cancel();
  return landed.headers.get('location') ?? '';
}

class Console implements ConsoleUnderTest {
  readonly received: string[] = [];
  private readonly contexts: BrowserContext[] = [];
  private adminCookie = '';

  constructor(
    readonly idp: TestIdp,
    readonly api: ApiProcess,
    readonly recorder: TokenRecorder,
    readonly browser: Browser,
  ) {}

  private post(body: unknown, cookie?: string): Promise<Response> {
    return fetch(`${this.api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  }

  /** Signs in through GraphQL; returns the `gk_session=…` pair. */
  async login(email: string, password: string): Promise<string> {
    const query = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }';
    const response = await this.post({ query, variables: { e: email, p: password } });
    this.received.push(await response.text());
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error(`sign-in of ${email} failed (${response.status})`);
    if (email === ADMIN_EMAIL && this.adminCookie === '') this.adminCookie = cookie;
    return cookie;
  }

  async gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const text = await (await this.post({ query, variables }, this.adminCookie)).text();
    this.received.push(text);
    const body = JSON.parse(text) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(`GraphQL errors: ${text}`);
    return body.data as T;
  }

  async newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', ...options });
    context.setDefaultTimeout(15_000);
    context.on('response', (response) => {
      if (!response.url().startsWith(this.api.url)) return;
      response
        .text()
        .then((text) => this.received.push(text))
        .catch(() => undefined);
    });
    this.contexts.push(context);
    return context;
  }

  async signedIn(email = ADMIN_EMAIL, password = ADMIN_PASSWORD, options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const [name, ...value] = (await this.login(email, password)).split('=');
    const context = await this.newContext(options);
    await context.addCookies([{ name: name!, value: value.join('='), url: this.api.url, httpOnly: true, sameSite: 'Lax' }]);
    return context;
  }

  async createConnection(code: string, name = `${code} API`): Promise<void> {
    await this.gql(`mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code } }`, {
      i: {
        code,
        name,
        authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
        oauth2: {
          issuer: this.idp.issuer,
          authorizationEndpoint: this.idp.url('/auth'),
          tokenEndpoint: this.recorder.tokenEndpoint,
          revocationEndpoint: this.idp.url('/token/revocation'),
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
          scopes: ['openid', 'offline_access', 'api.read'],
        },
      },
    });
  }

  /** Start Authorization through the API, let the IdP answer in `mode`; returns where the callback sent the browser. */
  private async consent(code: string, mode: 'auto' | 'deny'): Promise<string> {
    const started = await this.gql<{ startAuthorization: { authorizationUrl: string } }>(
      `mutation($c: String!) { startAuthorization(connectionCode: $c) { authorizationUrl } }`,
      { c: code },
    );
    this.idp.setInteraction(mode);
    try {
      const callback = await this.idp.authorize(started.startAuthorization.authorizationUrl);
      return await landCallback(this.api, callback, this.adminCookie);
    } finally {
      this.idp.setInteraction('ui');
    }
  }

  async authorize(code: string): Promise<void> {
    const location = await this.consent(code, 'auto');
    if (!location.includes('result=authorized')) throw new Error(`authorization of ${code} landed on ${location}`);
  }

  async denyAuthorization(code: string): Promise<void> {
    const location = await this.consent(code, 'deny');
    if (!location.includes('result=error')) throw new Error(`denied authorization of ${code} landed on ${location}`);
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.browser.close();
    await this.api.stop();
    await this.recorder.close();
    await this.idp.close();
  }
}

export async function startConsole(): Promise<ConsoleUnderTest> {
  mkdirSync(shots, { recursive: true });
  const apiPort = await freePort();
  const idp = await startTestIdp({
    port: 0,
    interaction: 'ui',
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUris: [`http://127.0.0.1:${apiPort}/oauth/callback`],
        tokenEndpointAuthMethod: 'client_secret_basic',
        name: 'Grantkeeper (e2e)',
      },
    ],
  });
  const recorder = await startTokenRecorder(idp.url('/token'));
  const api = await startApi({ port: apiPort, adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
  const gk = new Console(idp, api, recorder, await launchChromium());
  await gk.login(ADMIN_EMAIL, ADMIN_PASSWORD);
  return gk;
}
