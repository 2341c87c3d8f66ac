import { freePort, startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { startApi, type ApiOptions, type ApiProcess } from './api-process';
import { launchChromium } from './browser';

export const FIXTURE_ADMIN_EMAIL = 'admin@grantkeeper.test';
export const FIXTURE_ADMIN_PASSWORD = 'e2e-admin-password-9f3c';
export const FIXTURE_CLIENT_ID = 'grantkeeper-e2e';
export const FIXTURE_CLIENT_SECRET = 'e2e-client-secret-5b1d7a4e0c9f';

/**
 * The real API serving the console, the test IdP and Chromium, for one browser test file.
 * Each test builds its own state through `gql` and opens its own signed-in context.
 */
export interface ConsoleFixture {
  api: ApiProcess;
  idp: TestIdp;
  browser: Browser;
  /** GraphQL as the bootstrap admin; throws on GraphQL errors. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** An OAuth2 Authorization Code connection on the test IdP. */
  createConnection(code: string): Promise<void>;
  /** Start Authorization through the API; the IdP consents (`auto`) or refuses (`deny`) without a browser. */
  authorize(code: string, mode?: 'auto' | 'deny'): Promise<string>;
  /** A fresh browser context signed in as the bootstrap admin. */
  signedIn(options?: BrowserContextOptions): Promise<BrowserContext>;
  close(): Promise<void>;
}

export interface FixtureOptions {
  env?: ApiOptions['env'];
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }',
      variables: { e: FIXTURE_ADMIN_EMAIL, p: FIXTURE_ADMIN_PASSWORD },
    }),
  });
  await response.text();
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`sign-in failed (${response.status})`);
  return cookie;
}

export async function startConsoleFixture(options: FixtureOptions = {}): Promise<ConsoleFixture> {
  const apiPort = await freePort();
  const idp = await startTestIdp({
    port: 0,
    interaction: 'ui',
    clients: [
      {
        clientId: FIXTURE_CLIENT_ID,
        clientSecret: FIXTURE_CLIENT_SECRET,
        redirectUris: [`http://127.0.0.1:${apiPort}/oauth/callback`],
        tokenEndpointAuthMethod: 'client_secret_basic',
        name: 'Grantkeeper (e2e)',
      },
    ],
  });
  const api = await startApi({
    port: apiPort,
    adminEmail: FIXTURE_ADMIN_EMAIL,
    adminPassword: FIXTURE_ADMIN_PASSWORD,
    ...(options.env ? { env: options.env } : {}),
  });
  const browser = await launchChromium();
  const cookie = await login(api.url);

  async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }

  async function createConnection(code: string): Promise<void> {
    await gql('mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code } }', {
      i: {
        code,
        name: `${code} API`,
        authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
        oauth2: {
          issuer: idp.issuer,
          authorizationEndpoint: idp.url('/auth'),
          tokenEndpoint: idp.url('/token'),
          clientId: FIXTURE_CLIENT_ID,
          clientSecret: FIXTURE_CLIENT_SECRET,
          scopes: ['openid', 'offline_access', 'api.read'],
        },
      },
    });
  }

  /** Returns where the callback sent the browser (`/authorization/result?...`). */
  async function authorize(code: string, mode: 'auto' | 'deny' = 'auto'): Promise<string> {
    const started = await gql<{ startAuthorization: { authorizationUrl: string } }>(
      'mutation($c: String!) { startAuthorization(connectionCode: $c) { authorizationUrl } }',
      { c: code },
    );
    idp.setInteraction(mode);
    try {
      const callback = await idp.authorize(started.startAuthorization.authorizationUrl);
      const landed = await fetch(`${api.url}${callback.pathname}${callback.search}`, { redirect: 'manual', headers: { cookie } });
      await landed.body?.cancel();
      return landed.headers.get('location') ?? '';
    } finally {
      idp.setInteraction('ui');
    }
  }

  async function signedIn(contextOptions: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: 'light',
      ...contextOptions,
    });
    context.setDefaultTimeout(15_000);
    const [name, ...value] = (await login(api.url)).split('=');
    await context.addCookies([{ name: name!, value: value.join('='), url: api.url, httpOnly: true, sameSite: 'Lax' }]);
    return context;
  }

  return {
    api,
    idp,
    browser,
    gql,
    createConnection,
    authorize,
    signedIn,
    async close() {
      await browser.close();
      await api.stop();
      await idp.close();
    },
  };
}
