/**
 * The Webhooks page against the real API, the test IdP and a local receiver: an admin creates
 * a webhook and sees its secret once, Refresh Token on the authorization page sends a signed
 * delivery that appears as SUCCEEDED in the log without a reload, and Redeliver sends it again
 * with the same webhook-id.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlabelledControls } from './support/accessibility';
import { startApi, type ApiProcess } from './support/api-process';
import { launchChromium } from './support/browser';

const ADMIN_EMAIL = 'admin@grantkeeper.test';
const ADMIN_PASSWORD = 'e2e-webhooks-password-3a7d';
const CLIENT_SECRET = 'e2e-webhooks-client-secret-8c2f';
const CODE = 'E2E_HOOKS';

let idp: TestIdp;
let api: ApiProcess;
let browser: Browser;
let page: Page;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

type Data = { startAuthorization?: { authorizationUrl: string } };

async function gql(query: string, variables: Record<string, unknown>, cookie?: string): Promise<{ data: Data; cookie: string | null }> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: Data; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { data: body.data, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

/** An authorized connection, set up through the API (the browser test starts after it). */
async function authorizedConnection(): Promise<void> {
  const { cookie } = await gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`, {
    e: ADMIN_EMAIL,
    p: ADMIN_PASSWORD,
  });
  const oauth2 = {
    issuer: idp.issuer,
    clientId: 'grantkeeper-hooks',
    clientSecret: CLIENT_SECRET,
    scopes: ['openid', 'offline_access', 'api.read'],
  };
  await gql(
    `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }`,
    { i: { code: CODE, name: 'Hooks', authenticationType: 'OAUTH2_AUTHORIZATION_CODE', oauth2 } },
    cookie!,
  );
  const started = await gql(`mutation { startAuthorization(connectionCode: "${CODE}") { authorizationUrl } }`, {}, cookie!);
  const callback = await idp.authorize(started.data.startAuthorization!.authorizationUrl);
  const landed = await fetch(`${api.url}${callback.pathname}${callback.search}`, { redirect: 'manual', headers: { cookie: cookie! } });
  expect(landed.headers.get('location')).toContain('result=authorized');
}

function verify(secret: string, request: { headers: IncomingHttpHeaders; body: string }): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`;
  return request.headers['webhook-signature'] === `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const apiPort = await freePort();
  idp = await startTestIdp({
    port: 0,
    clients: [
      {
        clientId: 'grantkeeper-hooks',
        clientSecret: CLIENT_SECRET,
        redirectUris: [`http://127.0.0.1:${apiPort}/oauth/callback`],
        scopes: ['api.read'],
      },
    ],
  });
  api = await startApi({ port: apiPort, adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
  await authorizedConnection();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await idp?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('the Webhooks page', () => {
  it('creates a webhook, delivers a refresh to it live, and redelivers it', async () => {
    await page.goto(`${api.url}/webhooks`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(/\/webhooks$/);

    await page.getByTestId('new-webhook').click();
    await page.getByTestId('webhook-url').fill(receiverUrl);
    await page.getByLabel('Token refreshed').check();
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await page.getByTestId('webhook-submit').click();
    const secret = await page.getByTestId('created-secret-value').inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await page.getByTestId('secret-done').click();
    await page.reload();
    await page.getByTestId('webhooks-table').getByText(receiverUrl).waitFor();
    await expect(page.getByTestId('created-secret').count()).resolves.toBe(0);
    await expect(page.content()).resolves.not.toContain(secret.slice(6));

    await page.goto(`${api.url}/connections/${CODE}/authorization`);
    await page.locator('[data-testid="field-status"] [data-status="AUTHORIZED"]').waitFor();
    await page.getByTestId('action-refresh').click();

    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByTestId('show-deliveries').click();
    const log = page.getByTestId('webhook-deliveries');
    await log.locator('[data-testid="delivery-state"][data-state="SUCCEEDED"]').waitFor();
    expect(received).toHaveLength(1);
    expect(verify(secret, received[0]!)).toBe(true);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'TOKEN_REFRESHED', data: { connectionCode: CODE } });

    await log.getByTestId('redeliver').click();
    await log.getByTestId('delivery-attempts').getByText('2').waitFor();
    await log.locator('[data-testid="delivery-state"][data-state="SUCCEEDED"]').waitFor();
    expect(received).toHaveLength(2);
    expect(received[1]!.headers['webhook-id']).toBe(received[0]!.headers['webhook-id']);
    expect(received.map((r) => r.body).join('')).not.toContain(CLIENT_SECRET);
  });
});
