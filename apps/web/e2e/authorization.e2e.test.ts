import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startTestIdp, type TestIdp } from '@grantkeeper/test-idp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startApi, webDist, type ApiProcess } from './support/api-process';
import { unlabelledControls } from './support/accessibility';
import { launchChromium } from './support/browser';
import { readTree } from './support/files';
import { freePort } from './support/free-port';
import { startTokenRecorder, type TokenRecorder } from './support/token-recorder';

const ADMIN_EMAIL = 'admin@grantkeeper.test';
const ADMIN_PASSWORD = 'e2e-admin-password-9f3c';
const CLIENT_ID = 'grantkeeper-e2e';
const CLIENT_SECRET = 'e2e-client-secret-5b1d7a4e0c9f';
const CODE = 'E2E_DEMO';
const shots = join(repoRoot, 'apps/web/e2e/screenshots');

let idp: TestIdp;
let api: ApiProcess;
let recorder: TokenRecorder;
let browser: Browser;
let contextA: BrowserContext;
let contextB: BrowserContext;
let pageA: Page;
let pageB: Page;
/** Bodies of every response the browsers received from the console's origin. */
const received: string[] = [];

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true, animations: 'disabled' });
}

function recordResponses(context: BrowserContext): void {
  context.on('response', (response) => {
    if (!response.url().startsWith(api.url)) return;
    response
      .text()
      .then((text) => received.push(text))
      .catch(() => undefined);
  });
}

async function statusOf(page: Page): Promise<string | null> {
  return page.getByTestId('field-status').getByTestId('status-badge').getAttribute('data-status');
}

async function waitForStatus(page: Page, status: string): Promise<void> {
  await page.locator(`[data-testid="field-status"] [data-status="${status}"]`).waitFor({ timeout: 15_000 });
}

async function expiryOf(page: Page): Promise<string | null> {
  return page.getByTestId('field-token-expiry').getAttribute('datetime');
}

/** Start Authorization opens the provider in a new tab; returns that tab. */
async function startAuthorization(page: Page): Promise<Page> {
  const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('action-start').click()]);
  await popup.waitForLoadState();
  return popup;
}

/** Signs in at the IdP as alice (unless its session cookie already did) and waits for consent. */
async function signInAtIdp(popup: Page): Promise<void> {
  await popup.locator('#username, button[name=allow]').first().waitFor();
  if (await popup.locator('#username').isVisible()) {
    await popup.fill('#username', 'alice');
    await popup.fill('#password', 'wonderland');
    await popup.click('button[type=submit]');
  }
  await popup.locator('button[name=allow]').waitFor();
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  const apiPort = await freePort();
  idp = await startTestIdp({
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
  recorder = await startTokenRecorder(idp.url('/token'));
  api = await startApi({ port: apiPort, adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
  browser = await launchChromium();
  contextA = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' });
  contextA.setDefaultTimeout(15_000);
  recordResponses(contextA);
  pageA = await contextA.newPage();
});

afterAll(async () => {
  await contextA?.close();
  await contextB?.close();
  await browser?.close();
  await api?.stop();
  await recorder?.close();
  await idp?.close();
});

describe('the console against the real API and the test IdP', () => {
  it('signs in', async () => {
    await pageA.goto(`${api.url}/connections`);
    await pageA.waitForURL(/\/sign-in/);
    await shot(pageA, '01-sign-in');
    await pageA.getByLabel('Email').fill(ADMIN_EMAIL);
    await pageA.getByLabel('Password').fill('wrong-password');
    await pageA.getByRole('button', { name: 'Sign in' }).click();
    await pageA.getByTestId('sign-in-error').waitFor();
    await pageA.getByLabel('Password').fill(ADMIN_PASSWORD);
    await pageA.getByRole('button', { name: 'Sign in' }).click();
    await pageA.waitForURL(/\/connections$/);
    await expect(pageA.getByTestId('current-user').textContent()).resolves.toContain('Admin');
    await expect(unlabelledControls(pageA)).resolves.toEqual([]);
    await shot(pageA, '02-connections-empty');
  });

  it('creates an OAuth2 Authorization Code connection with discovery', async () => {
    await pageA.getByRole('link', { name: 'New connection' }).click();
    await pageA.waitForURL(/\/connections\/new$/);
    // Validation: saving the empty form lists what is missing.
    await pageA.getByTestId('save-connection').click();
    await expect(pageA.locator('#code-error').textContent()).resolves.toContain('Enter a code');
    await expect(pageA.locator('#client-id-error').textContent()).resolves.toContain('client ID');

    await pageA.getByLabel('Code', { exact: true }).fill(CODE.toLowerCase());
    await expect(pageA.getByLabel('Code', { exact: true }).inputValue()).resolves.toBe(CODE);
    await pageA.getByLabel('Name', { exact: true }).fill('E2E demo API');
    await pageA.getByLabel('Issuer URL').fill(idp.issuer);
    await pageA.getByTestId('discover').click();
    await pageA.getByTestId('discovery-result').waitFor();
    await expect(pageA.getByLabel('Authorization endpoint').inputValue()).resolves.toBe(idp.url('/auth'));
    // Route token calls through the recorder so the test knows every token value issued.
    await pageA.getByLabel('Token endpoint').fill(recorder.tokenEndpoint);
    await pageA.getByLabel('Client ID').fill(CLIENT_ID);
    await pageA.locator('#client-secret').fill(CLIENT_SECRET);
    await pageA.getByLabel('Scopes').fill('openid offline_access api.read');
    await expect(pageA.getByTestId('redirect-uri').inputValue()).resolves.toBe(`${api.url}/oauth/callback`);
    await expect(unlabelledControls(pageA)).resolves.toEqual([]);
    await shot(pageA, '03-connection-card-new');
    await pageA.getByTestId('save-connection').click();
    await pageA.waitForURL(new RegExp(`/connections/${CODE}$`));
    await expect(pageA.getByTestId('client-secret-state').textContent()).resolves.toContain('set');
    await expect(pageA.locator('#client-secret').inputValue()).resolves.toBe('');
    await shot(pageA, '04-connection-card-saved');
  });

  it('shows the connection in the list with its status', async () => {
    await pageA.goto(`${api.url}/connections`);
    await pageA.getByTestId(`row-status-${CODE}`).getByText('Not Authorized').waitFor();
    await pageA.getByTestId('filter-text').fill('nothing-matches');
    await pageA.getByText('No connection matches the filter.').waitFor();
    await pageA.getByTestId('filter-text').fill('e2e');
    await pageA.getByTestId(`row-status-${CODE}`).waitFor();
  });

  it('authorizes through the IdP login and consent pages; a second console sees it live', async () => {
    await pageA.getByRole('link', { name: `Manage Authorization of ${CODE}` }).click();
    await pageA.waitForURL(new RegExp(`/connections/${CODE}/authorization$`));
    await waitForStatus(pageA, 'NOT_AUTHORIZED');
    await expect(pageA.getByTestId('field-connection-code').inputValue()).resolves.toBe(CODE);
    await expect(pageA.getByTestId('action-refresh').isDisabled()).resolves.toBe(true);
    await expect(pageA.getByTestId('action-test').isDisabled()).resolves.toBe(true);
    await shot(pageA, '05-authorization-not-authorized');

    contextB = await browser.newContext({ viewport: { width: 1280, height: 900 }, storageState: await contextA.storageState() });
    contextB.setDefaultTimeout(15_000);
    recordResponses(contextB);
    pageB = await contextB.newPage();
    await pageB.goto(`${api.url}/connections/${CODE}/authorization`);
    await waitForStatus(pageB, 'NOT_AUTHORIZED');
    await pageB.locator('[data-testid="live-indicator"][data-state="connected"]').waitFor();
    const listB = await contextB.newPage();
    await listB.goto(`${api.url}/connections`);
    await listB.getByTestId(`row-status-${CODE}`).getByText('Not Authorized').waitFor();

    const popup = await startAuthorization(pageA);
    await signInAtIdp(popup);
    await shot(popup, '06-idp-consent');
    await popup.click('button[name=allow]');
    await popup.waitForURL(new RegExp(`/connections/${CODE}/authorization`));
    await popup.locator('[data-testid="callback-result"][data-result="authorized"]').waitFor();
    await shot(popup, '07-callback-authorized');
    await popup.close();

    // Both consoles update through the subscription, without a reload.
    await waitForStatus(pageA, 'AUTHORIZED');
    await waitForStatus(pageB, 'AUTHORIZED');
    // The connections list updates live too, with the relative expiry and the exact time on hover.
    await listB.locator(`[data-testid="row-status-${CODE}"] [data-status="AUTHORIZED"]`).waitFor();
    const listExpiry = listB.locator('[data-testid="connections-table"] time').first();
    await expect(listExpiry.textContent()).resolves.toMatch(/in (59|60) minutes|in 1 hour/);
    await expect(listExpiry.getAttribute('title')).resolves.toMatch(/\d{4}/);
    await shot(listB, '08b-connections-authorized-live');
    await listB.close();
    await pageA.locator('[data-testid="action-outcome"][data-severity="success"]').getByText('Authorization completed').waitFor();
    expect(Date.parse((await expiryOf(pageA)) ?? '')).toBeGreaterThan(Date.now());
    await expect(pageA.getByTestId('field-last-authorized').getAttribute('datetime')).resolves.toBeTruthy();
    const authorizedBy = (await pageA.getByTestId('field-authorized-by').textContent())?.trim();
    expect(authorizedBy === '—' ? '' : authorizedBy).toBeTruthy();
    await expect(pageB.getByTestId('field-authorized-by').textContent()).resolves.toBe(await pageA.getByTestId('field-authorized-by').textContent());
    await expect(unlabelledControls(pageA)).resolves.toEqual([]);
    await shot(pageA, '08-authorization-authorized');
  });

  it('Test Token reports a valid token with its expiry', async () => {
    await pageA.getByTestId('action-test').click();
    const outcome = pageA.locator('[data-testid="action-outcome"][data-severity="success"]');
    await outcome.waitFor();
    await expect(outcome.textContent()).resolves.toContain('The token is valid');
  });

  it('a viewer reads the authorization, but every action is disabled for the role', async () => {
    await api.cli(['create-user', '--email', 'viewer@grantkeeper.test', '--password', 'viewer-password-1', '--name', 'Vera Viewer', '--role', 'VIEWER']);
    const viewer = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    viewer.setDefaultTimeout(15_000);
    const page = await viewer.newPage();
    await page.goto(`${api.url}/sign-in`);
    await page.getByLabel('Email').fill('viewer@grantkeeper.test');
    await page.getByLabel('Password').fill('viewer-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/connections$/);
    await page.getByTestId(`row-status-${CODE}`).waitFor();
    await expect(page.getByRole('link', { name: 'New connection' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'API keys' }).count()).resolves.toBe(0);
    await page.goto(`${api.url}/connections/${CODE}/authorization`);
    await waitForStatus(page, 'AUTHORIZED');
    for (const action of ['start', 'test', 'refresh', 'revoke']) {
      await expect(page.getByTestId(`action-${action}`).isDisabled()).resolves.toBe(true);
    }
    await expect(page.locator('#help-start').textContent()).resolves.toContain('Viewer');
    await shot(page, '08c-authorization-viewer');
    await viewer.close();
  });

  it('Refresh Token moves the expiry, in both consoles', async () => {
    const before = (await expiryOf(pageA)) ?? '';
    await new Promise((r) => setTimeout(r, 1_200));
    await pageA.getByTestId('action-refresh').click();
    await pageA.locator('[data-testid="action-outcome"][data-severity="success"]').getByText('Token refreshed').waitFor();
    await pageA.waitForFunction(
      (old) => document.querySelector('[data-testid="field-token-expiry"]')?.getAttribute('datetime') !== old,
      before,
    );
    const after = (await expiryOf(pageA)) ?? '';
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    await pageB.waitForFunction(
      (expected) => document.querySelector('[data-testid="field-token-expiry"]')?.getAttribute('datetime') === expected,
      after,
    );
    await expect(pageA.getByTestId('field-last-refreshed').getAttribute('datetime')).resolves.toBeTruthy();
  });

  it('Revoke Authorization asks for confirmation, then shows Not Authorized everywhere', async () => {
    await pageA.getByTestId('action-revoke').click();
    const dialog = pageA.getByRole('alertdialog');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain(
      'all integrations using this connection will fail to authenticate until authorization is completed again',
    );
    await shot(pageA, '09-revoke-confirmation');
    // Focus starts on the safe choice and stays inside the dialog; Escape cancels.
    const focused = (): Promise<{ inDialog: boolean; text: string }> =>
      pageA.evaluate(() => ({
        inDialog: !!document.activeElement?.closest('[role="alertdialog"]'),
        text: document.activeElement?.textContent?.trim() ?? '',
      }));
    await expect(focused()).resolves.toEqual({ inDialog: true, text: 'Cancel' });
    for (let i = 0; i < 4; i++) {
      await pageA.keyboard.press('Tab');
      await expect(focused().then((f) => f.inDialog)).resolves.toBe(true);
    }
    await pageA.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect(statusOf(pageA)).resolves.toBe('AUTHORIZED');
    // Cancel keeps everything too.
    await pageA.getByTestId('action-revoke').click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(statusOf(pageA)).resolves.toBe('AUTHORIZED');
    await pageA.getByTestId('action-revoke').click();
    await pageA.getByRole('alertdialog').getByRole('button', { name: 'Revoke Authorization' }).click();
    await waitForStatus(pageA, 'NOT_AUTHORIZED');
    await waitForStatus(pageB, 'NOT_AUTHORIZED');
    await expect(pageA.getByTestId('field-token-expiry').textContent()).resolves.toBe('—');
  });

  it('a denied consent lands on a clear message and stores nothing', async () => {
    const popup = await startAuthorization(pageA);
    await signInAtIdp(popup);
    await popup.click('button[name=deny]');
    const message = popup.locator('[data-testid="callback-result"][data-result="error"]');
    await message.waitFor();
    await expect(message.textContent()).resolves.toMatch(/denied/i);
    await shot(popup, '10-callback-denied');
    await popup.close();
    await expect(statusOf(pageA)).resolves.toBe('NOT_AUTHORIZED');
  });

  it('an unknown state lands on the authorization-result page', async () => {
    await pageA.goto(`${api.url}/oauth/callback?code=unknown&state=unknown-state-value`);
    await pageA.waitForURL(/\/authorization-result/);
    await pageA.locator('[data-testid="callback-result"][data-result="error"]').waitFor();
    await shot(pageA, '11-authorization-result-unknown-state');
  });

  it('shows the history newest first', async () => {
    await pageA.goto(`${api.url}/connections/${CODE}/history`);
    const table = pageA.getByTestId('history-table');
    await table.locator('[data-testid="event-type"][data-type="AUTHORIZATION_REVOKED"]').waitFor();
    const events = await table.getByTestId('event-type').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-type')));
    const at = (type: string): number => events.indexOf(type);
    expect(at('AUTHORIZATION_FAILED')).toBeGreaterThanOrEqual(0);
    expect(at('AUTHORIZATION_FAILED')).toBeLessThan(at('AUTHORIZATION_REVOKED'));
    expect(at('AUTHORIZATION_REVOKED')).toBeLessThan(at('TOKEN_REFRESHED'));
    expect(at('TOKEN_REFRESHED')).toBeLessThan(at('AUTHORIZED'));
    expect(at('AUTHORIZED')).toBeLessThan(at('CONNECTION_CREATED'));
    await shot(pageA, '12-history');
  });

  it('an automatic refresh by the server shows up live, credited to the refresher', async () => {
    // A 12-second token is due after half its life: the refresher (every 2 s) renews it.
    idp.setAccessTokenTtl(12);
    await pageA.goto(`${api.url}/connections/${CODE}/authorization`);
    await waitForStatus(pageA, 'NOT_AUTHORIZED');
    await pageA.locator('[data-testid="live-indicator"][data-state="connected"]').waitFor();
    const popup = await startAuthorization(pageA);
    await signInAtIdp(popup);
    await popup.click('button[name=allow]');
    await waitForStatus(pageA, 'AUTHORIZED');
    await popup.close();
    const authorizedAt = Date.parse((await pageA.getByTestId('field-last-authorized').getAttribute('datetime')) ?? '');
    idp.setAccessTokenTtl(3600); // the refreshed token is long-lived: one automatic refresh
    await pageA.waitForFunction(
      (after) => Date.parse(document.querySelector('[data-testid="field-last-refreshed"]')?.getAttribute('datetime') ?? '') > after,
      authorizedAt,
      { timeout: 30_000 },
    );
    await pageA.goto(`${api.url}/connections/${CODE}/history`);
    const newest = pageA.getByTestId('history-table').locator('tbody tr').first();
    await expect(newest.getByTestId('event-type').getAttribute('data-type')).resolves.toBe('TOKEN_REFRESHED');
    await expect(newest.textContent()).resolves.toContain('Automatic refresher');
  });

  it('edits the connection card: rename and replace the write-only secret', async () => {
    await pageA.goto(`${api.url}/connections/${CODE}`);
    await pageA.getByTestId('manage-authorization').waitFor();
    await expect(pageA.getByLabel('Code', { exact: true }).getAttribute('readonly')).resolves.not.toBeNull();
    await pageA.getByLabel('Name', { exact: true }).fill('E2E demo API (renamed)');
    await expect(pageA.locator('#client-secret').getAttribute('placeholder')).resolves.toContain('keep');
    await pageA.locator('#client-secret').fill(CLIENT_SECRET);
    await pageA.getByTestId('save-connection').click();
    await pageA.getByText('E2E demo API (renamed)').first().waitFor();
    await expect(pageA.locator('#client-secret').inputValue()).resolves.toBe('');
    await expect(pageA.getByTestId('client-secret-state').textContent()).resolves.toContain('set');
  });

  it('a provider template fills the endpoints with its parameters', async () => {
    await pageA.goto(`${api.url}/connections/new`);
    await pageA.getByLabel('Provider template').click();
    await pageA.getByRole('option', { name: 'Microsoft Entra ID' }).click();
    await pageA.getByLabel('Directory (tenant) ID').fill('contoso.onmicrosoft.com');
    await expect(pageA.getByLabel('Authorization endpoint').inputValue()).resolves.toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
    );
    await expect(pageA.getByLabel('Scopes').inputValue()).resolves.toContain('offline_access');
    await shot(pageA, '12a-connection-template');
  });

  it('a duplicate code is refused with a clear message', async () => {
    await pageA.goto(`${api.url}/connections/new`);
    await pageA.getByLabel('Code', { exact: true }).fill(CODE);
    await pageA.getByLabel('Name', { exact: true }).fill('Duplicate');
    await pageA.getByLabel('Authorization endpoint').fill(idp.url('/auth'));
    await pageA.getByLabel('Token endpoint').fill(idp.url('/token'));
    await pageA.getByLabel('Client ID').fill(CLIENT_ID);
    await pageA.locator('#client-secret').fill(CLIENT_SECRET);
    await pageA.getByTestId('save-connection').click();
    const error = pageA.getByTestId('save-error');
    await error.waitFor();
    await expect(error.getAttribute('data-code')).resolves.toBe('CONFLICT');
    await expect(error.textContent()).resolves.toContain('choose another code');
    await shot(pageA, '12b-connection-conflict');
  });

  it('creates an API key and shows it once', async () => {
    await pageA.goto(`${api.url}/api-keys`);
    await pageA.getByLabel('Name').fill('e2e-reader');
    await pageA.getByRole('button', { name: 'Create API key' }).click();
    const key = await pageA.getByTestId('created-key-value').inputValue();
    expect(key.length).toBeGreaterThan(16);
    await pageA.getByTestId('api-keys-table').getByText('e2e-reader').waitFor();
    await expect(unlabelledControls(pageA)).resolves.toEqual([]);
    await shot(pageA, '13-api-keys');
    await pageA.getByRole('button', { name: 'Done' }).click();
    await pageA.reload();
    await pageA.getByTestId('api-keys-table').getByText('e2e-reader').waitFor();
    expect(await pageA.content()).not.toContain(key);
  });

  it('is usable in dark mode and on a narrow window', async () => {
    const dark = await browser.newContext({ viewport: { width: 420, height: 900 }, colorScheme: 'dark', storageState: await contextA.storageState() });
    const page = await dark.newPage();
    await page.goto(`${api.url}/connections/${CODE}/authorization`);
    await page.getByTestId('field-status').getByTestId('status-badge').waitFor();
    await expect(page.evaluate(() => document.documentElement.classList.contains('gk-dark'))).resolves.toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, '14-authorization-dark-narrow');
    await page.goto(`${api.url}/connections`);
    await page.getByTestId(`row-status-${CODE}`).waitFor();
    await shot(page, '15-connections-dark-narrow');
    await dark.close();
  });

  it('switches workspaces from the header; each shows only its own connections', async () => {
    const created = await pageA.request.post(`${api.url}/graphql`, {
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      data: { query: 'mutation { createWorkspace(input: { slug: "sandbox", company: "Acme", environment: "sandbox" }) { slug } }' },
    });
    expect(((await created.json()) as { data?: { createWorkspace?: { slug: string } } }).data?.createWorkspace?.slug).toBe('sandbox');
    await pageA.goto(`${api.url}/connections`);
    await pageA.getByTestId(`row-status-${CODE}`).waitFor();
    await pageA.getByTestId('workspace-switcher').click();
    await pageA.getByRole('option', { name: 'Acme · sandbox' }).click();
    await pageA.getByText('No connections yet.').waitFor();
    await expect(pageA.getByTestId(`row-status-${CODE}`).count()).resolves.toBe(0);
    await shot(pageA, '16-workspace-sandbox');
    await pageA.getByTestId('workspace-switcher').click();
    await pageA.getByRole('option', { name: /^Default/ }).click();
    await pageA.getByTestId(`row-status-${CODE}`).waitFor();
  });

  it('an expired session sends the user to sign-in', async () => {
    await pageB.goto(`${api.url}/connections/${CODE}/history`);
    await pageB.getByTestId('history-table').getByTestId('event-type').first().waitFor();
    await contextB.clearCookies();
    await pageB.getByRole('button', { name: 'Reload' }).click();
    await pageB.waitForURL(/\/sign-in\?redirect=/);
    await pageB.getByLabel('Email').waitFor();
  });

  it('deletes a connection after confirmation', async () => {
    await pageA.goto(`${api.url}/connections/${CODE}`);
    await pageA.getByTestId('manage-authorization').waitFor();
    await pageA.getByRole('button', { name: 'Delete' }).click();
    const dialog = pageA.getByRole('alertdialog');
    await expect(dialog.textContent()).resolves.toContain('integrations using it stop working');
    await dialog.getByRole('button', { name: 'Delete connection' }).click();
    await pageA.waitForURL(/\/connections$/);
    await pageA.getByText('No connections yet.').waitFor();
    await pageA.goto(`${api.url}/connections/${CODE}/authorization`);
    await pageA.getByTestId('not-found').waitFor();
  });

  it('signs out', async () => {
    await pageA.goto(`${api.url}/connections`);
    await pageA.getByRole('button', { name: 'Sign out' }).click();
    await pageA.waitForURL(/\/sign-in/);
    await pageA.goto(`${api.url}/connections`);
    await pageA.waitForURL(/\/sign-in/);
  });

  it('never shows a token or the client secret: not in any response, page, log or the bundle', async () => {
    const tokens = recorder.tokens();
    expect(tokens.length).toBeGreaterThanOrEqual(2); // the code exchange and the refresh
    const secrets = [...tokens, CLIENT_SECRET];
    for (const secret of secrets) {
      expect(received.some((body) => body.includes(secret))).toBe(false);
      expect(api.output().includes(secret)).toBe(false);
    }
    const bundle = readTree(webDist);
    expect(bundle.length).toBeGreaterThan(0);
    for (const file of bundle) {
      for (const secret of secrets) expect(file.text.includes(secret), `${file.path} contains a secret`).toBe(false);
    }
  });
});
