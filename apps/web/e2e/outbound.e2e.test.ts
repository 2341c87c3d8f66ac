/**
 * Outbound calls in the console (issue 8), in a real browser against the real API, the test IdP
 * and a local upstream REST API started here: API_KEY, BASIC and client-credentials connections
 * are created through the connection card, "Try a request" reaches the upstream with the right
 * credential and shows its answer, the client-credentials management page fetches a token, and
 * the API key dialog creates a PROXY key limited to one connection that /proxy then honours.
 * No stored credential reaches a browser, a log line or the console bundle.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webDist } from './support/api-process';
import { startConsole, type ConsoleUnderTest } from './support/console';
import { readTree } from './support/files';
import { shot } from './support/pages';

const API_KEY = `upstream-key-${randomBytes(8).toString('hex')}`;
const BASIC_PASSWORD = `basic-pw-${randomBytes(8).toString('hex')}`;
const CC_CLIENT_ID = 'grantkeeper-e2e-machine';
const CC_SECRET = `cc-secret-${randomBytes(8).toString('hex')}`;

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local REST API: records each request and answers with a greeting naming its path, or its headers at `/echo`. */
async function startUpstream(): Promise<{ url: string; seen: SeenRequest[]; close(): Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'local', 'set-cookie': 'upstream=1' });
      const path = new URL(req.url ?? '/', 'http://u').pathname;
      // `/echo` answers with the request's headers, as httpbin-style test endpoints do.
      res.end(JSON.stringify(path.endsWith('/echo') ? { headers: req.headers } : { greeting: 'hello from the upstream', path }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let gk: ConsoleUnderTest;
let upstream: Awaited<ReturnType<typeof startUpstream>>;

beforeAll(async () => {
  gk = await startConsole();
  upstream = await startUpstream();
  gk.idp.addClient({
    clientId: CC_CLIENT_ID,
    clientSecret: CC_SECRET,
    redirectUris: [`${gk.api.url}/oauth/callback`],
    scopes: ['api.read'],
  });
});

afterAll(async () => {
  await gk?.close();
  await upstream?.close();
});

/** Opens a new connection card with code, name, base URL and authentication type filled in. */
async function newConnection(page: Page, code: string, type: string): Promise<void> {
  await page.goto(`${gk.api.url}/connections/new`);
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByLabel('Name', { exact: true }).fill(`${code} API`);
  await page.getByLabel('Base URL (optional)').fill(`${upstream.url}/v1`);
  await page.getByTestId('auth-type').click();
  await page.getByRole('option', { name: type, exact: true }).click();
}

async function save(page: Page, code: string): Promise<void> {
  await page.getByTestId('save-connection').click();
  await page.waitForURL(new RegExp(`/connections/${code}$`)).catch(async (error: unknown) => {
    const shown = await page.locator('.gk-error, [data-testid="save-error"]').allTextContents();
    throw new Error(`saving ${code} failed: ${shown.filter(Boolean).join(' | ')}`, { cause: error });
  });
}

/** Sends GET `path` from the card's "Try a request" panel; returns the body it shows. */
async function tryRequest(page: Page, path: string): Promise<string> {
  const panel = page.getByTestId('try-request');
  await panel.getByLabel('Path').fill(path);
  await panel.getByLabel('Headers (optional)').fill('X-Trace: e2e');
  await panel.getByTestId('try-send').click();
  await panel.locator('[data-testid="try-status"][data-status="200"]').waitFor();
  return (await panel.getByTestId('try-body').textContent()) ?? '';
}

function lastSeen(path: string): SeenRequest {
  const request = upstream.seen.filter((r) => r.url.startsWith(`/v1${path}`)).at(-1);
  if (!request) throw new Error(`the upstream saw no request for ${path}`);
  return request;
}

describe('outbound calls in the console', () => {
  it('creates an API_KEY connection whose key is write-only, and Try a request reaches the upstream with it', async () => {
    const page = await (await gk.signedIn()).newPage();
    await newConnection(page, 'MAPS', 'API Key');
    // Validation by field before anything is sent.
    await page.getByLabel('Header name').fill('Cookie');
    await page.getByTestId('save-connection').click();
    await expect(page.locator('#api-key-name-error').textContent()).resolves.toContain('managed by the proxy');
    await expect(page.locator('#api-key-value-error').textContent()).resolves.toContain('Enter the API key');
    await page.getByLabel('Header name').fill('X-Api-Key');
    await page.locator('#api-key-value').fill(API_KEY);
    await shot(page, '30-api-key-connection-new');
    await save(page, 'MAPS');

    await expect(page.getByTestId('api-key-value-state').textContent()).resolves.toContain('set');
    await expect(page.locator('#api-key-value').count()).resolves.toBe(0);
    const firstSet = await page.getByTestId('api-key-value-changed').getAttribute('datetime');
    expect(Date.parse(firstSet ?? '')).not.toBeNaN();
    const body = await tryRequest(page, '/geocode?q=Berlin');
    expect(JSON.parse(body)).toEqual({ greeting: 'hello from the upstream', path: '/v1/geocode' });
    const seen = lastSeen('/geocode');
    expect(seen.headers['x-api-key']).toBe(API_KEY);
    expect(seen.headers['x-trace']).toBe('e2e');
    const headers = await page.getByTestId('try-headers-result').textContent();
    expect(headers).toContain('x-upstream');
    expect(headers).not.toContain('set-cookie');
    await shot(page, '31-try-a-request');

    // Replace: a new key is sent, the header name kept.
    await page.getByTestId('api-key-value-replace').click();
    await page.locator('#api-key-value').fill(`${API_KEY}-2`);
    await page.getByTestId('save-connection').click();
    await page.getByText('Connection saved').first().waitFor();
    await expect(page.locator('#api-key-value').count()).resolves.toBe(0);
    await expect(page.getByTestId('api-key-value-changed').getAttribute('datetime')).resolves.not.toBe(firstSet);
    await tryRequest(page, '/replaced');
    expect(lastSeen('/replaced').headers['x-api-key']).toBe(`${API_KEY}-2`);
  });

  it('creates a BASIC connection; the upstream receives the Basic credentials', async () => {
    const page = await (await gk.signedIn()).newPage();
    await newConnection(page, 'LEGACY', 'Basic');
    await page.getByLabel('User name').fill('svc');
    await page.locator('#basic-password').fill(BASIC_PASSWORD);
    await save(page, 'LEGACY');
    await expect(page.getByTestId('basic-password-state').textContent()).resolves.toContain('set');
    await tryRequest(page, '/status');
    expect(lastSeen('/status').headers.authorization).toBe(`Basic ${Buffer.from(`svc:${BASIC_PASSWORD}`).toString('base64')}`);
    // An upstream that echoes the request: the console shows that Basic was sent, not its value.
    const echoed = JSON.parse(await tryRequest(page, '/echo')) as { headers: Record<string, string> };
    expect(echoed.headers.authorization).toBe('Basic [redacted]');
  });

  it('creates a client-credentials connection: Test Token fetches a token that the management page shows and Try a request uses', async () => {
    const page = await (await gk.signedIn()).newPage();
    await newConnection(page, 'MACHINE', 'OAuth2 Client Credentials');
    await expect(page.getByLabel('Authorization endpoint').count()).resolves.toBe(0);
    await page.getByLabel('Token endpoint').fill(gk.idp.url('/token'));
    await page.getByLabel('Client ID').fill(CC_CLIENT_ID);
    await page.locator('#client-secret').fill(CC_SECRET);
    await page.getByLabel('Scopes').fill('api.read');
    await save(page, 'MACHINE');

    await page.getByTestId('manage-authorization').click();
    await page.waitForURL(/\/connections\/MACHINE\/authorization$/);
    await page.locator('[data-testid="cc-cached"][data-cached="false"]').waitFor();
    // Another console open on the same page learns of the new token through its subscription.
    const watcher = await page.context().newPage();
    await watcher.goto(page.url());
    await watcher.locator('[data-testid="cc-cached"][data-cached="false"]').waitFor();
    await page.getByTestId('action-test').click();
    await page.locator('[data-testid="action-outcome"][data-severity="success"]').getByText('The token is valid').waitFor();
    await page.locator('[data-testid="cc-cached"][data-cached="true"]').waitFor();
    await watcher.locator('[data-testid="cc-cached"][data-cached="true"]').waitFor();
    await watcher.close();
    await expect(page.getByTestId('cc-scopes').textContent()).resolves.toContain('api.read');
    await shot(page, '32-client-credentials-management');

    await page.goto(`${gk.api.url}/connections/MACHINE`);
    await tryRequest(page, '/orders');
    expect(lastSeen('/orders').headers.authorization).toMatch(/^Bearer \S{10,}$/);
  });

  it('the API key dialog creates a PROXY key limited to one connection, which /proxy honours', async () => {
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/api-keys`);
    await page.getByLabel('Name', { exact: true }).fill('maps-sync');
    await page.getByTestId('key-access').click();
    await page.getByRole('option', { name: 'Proxy', exact: true }).click();
    await expect(page.locator('#key-access-help').textContent()).resolves.toContain('tokens never leave');
    await page.getByTestId('key-connections').click();
    await page.getByRole('option', { name: 'MAPS', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const key = await page.getByTestId('created-key-value').inputValue();
    expect(key).toMatch(/^gk_/);
    await expect(
      page
        .getByTestId('api-keys-table')
        .getByRole('row', { name: /maps-sync/ })
        .textContent(),
    ).resolves.toContain('Proxy: MAPS');
    await shot(page, '33-proxy-key');

    const allowed = await fetch(`${gk.api.url}/proxy/MAPS/tiles/1?z=3`, { headers: { authorization: `Bearer ${key}` } });
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { path: string }).path).toBe('/v1/tiles/1');
    expect(lastSeen('/tiles/1').headers['x-api-key']).toBe(`${API_KEY}-2`);
    const before = upstream.seen.length;
    const refused = await fetch(`${gk.api.url}/proxy/LEGACY/status`, { headers: { authorization: `Bearer ${key}` } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('x-grantkeeper-error')).toBe('FORBIDDEN');
    await refused.text();
    expect(upstream.seen.length).toBe(before);
  });

  it('no stored credential in a response to the console, a log line or the bundle', () => {
    const bearer = upstream.seen.map((r) => r.headers.authorization ?? '').filter((a) => a.startsWith('Bearer '));
    expect(bearer.length).toBeGreaterThan(0);
    const secrets = [API_KEY, `${API_KEY}-2`, BASIC_PASSWORD, Buffer.from(`svc:${BASIC_PASSWORD}`).toString('base64'), CC_SECRET];
    secrets.push(...bearer.map((a) => a.slice('Bearer '.length)));
    expect(gk.received.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(
        gk.received.some((body) => body.includes(secret)),
        'a response to the console carries a secret',
      ).toBe(false);
      expect(gk.api.output().includes(secret), 'a log line carries a secret').toBe(false);
    }
    const bundle = readTree(webDist);
    expect(bundle.length).toBeGreaterThan(0);
    for (const file of bundle) {
      for (const secret of secrets) expect(file.text.includes(secret), `${file.path} contains a secret`).toBe(false);
    }
  });
});
