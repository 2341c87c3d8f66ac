/**
 * The Authorization page in a real browser against the real API and the test IdP. Every test
 * creates its own connection (and authorizes it through the API when it needs tokens), so each
 * one can run, and fail, alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webDist } from './support/api-process';
import { unlabelledControls } from './support/accessibility';
import { CLIENT_SECRET, startConsole, type ConsoleUnderTest } from './support/console';
import { readTree } from './support/files';
import { expiryOf, openAuthorization, shot, signInAtIdp, startAuthorization, statusOf, waitForStatus } from './support/pages';

const DEFAULT_TTL_SECONDS = 3600;

let gk: ConsoleUnderTest;

beforeAll(async () => {
  gk = await startConsole();
});

afterAll(async () => {
  await gk?.close();
});

/** A connection authorized through the API, for tests about what happens afterwards. */
async function authorizedConnection(code: string): Promise<void> {
  await gk.createConnection(code);
  await gk.authorize(code);
}

describe('the Authorization page against the real API and the test IdP', () => {
  it('authorizes through the IdP login and consent pages; a second console sees it live', async () => {
    const code = 'AUTH_LIVE';
    await gk.createConnection(code);
    const pageA = await openAuthorization(await gk.signedIn(), gk.api.url, code, 'NOT_AUTHORIZED');
    await expect(pageA.getByTestId('field-connection-code').inputValue()).resolves.toBe(code);
    await expect(pageA.getByTestId('action-refresh').isDisabled()).resolves.toBe(true);
    await expect(pageA.getByTestId('action-test').isDisabled()).resolves.toBe(true);
    await shot(pageA, '05-authorization-not-authorized');

    const contextB = await gk.signedIn();
    const pageB = await openAuthorization(contextB, gk.api.url, code, 'NOT_AUTHORIZED');
    const listB = await contextB.newPage();
    await listB.goto(`${gk.api.url}/connections`);
    await listB.getByTestId(`row-status-${code}`).getByText('Not Authorized').waitFor();

    const popup = await startAuthorization(pageA);
    await signInAtIdp(popup);
    await shot(popup, '06-idp-consent');
    await popup.click('button[name=allow]');
    await popup.waitForURL(new RegExp(`/connections/${code}/authorization`));
    await popup.locator('[data-testid="callback-result"][data-result="authorized"]').waitFor();
    await shot(popup, '07-callback-authorized');
    await popup.close();

    // Both consoles update through the subscription, without a reload.
    await waitForStatus(pageA, 'AUTHORIZED');
    await waitForStatus(pageB, 'AUTHORIZED');
    // The connections list updates live too, with the relative expiry and the exact time on hover.
    await listB.locator(`[data-testid="row-status-${code}"] [data-status="AUTHORIZED"]`).waitFor();
    const row = listB.locator('[data-testid="connections-table"] tr', { has: listB.getByTestId(`row-status-${code}`) });
    const listExpiry = row.locator('time').first();
    await expect(listExpiry.textContent()).resolves.toMatch(/in (59|60) minutes|in 1 hour/);
    await expect(listExpiry.getAttribute('title')).resolves.toMatch(/\d{4}/);
    await shot(listB, '08b-connections-authorized-live');
    await listB.close();
    await pageA.locator('[data-testid="action-outcome"][data-severity="success"]').getByText('Authorization completed').waitFor();
    expect(Date.parse((await expiryOf(pageA)) ?? '')).toBeGreaterThan(Date.now());
    await expect(pageA.getByTestId('field-last-authorized').getAttribute('datetime')).resolves.toBeTruthy();
    const authorizedBy = (await pageA.getByTestId('field-authorized-by').textContent())?.trim();
    expect(authorizedBy === '—' ? '' : authorizedBy).toBeTruthy();
    await expect(pageB.getByTestId('field-authorized-by').textContent()).resolves.toBe(
      await pageA.getByTestId('field-authorized-by').textContent(),
    );
    await expect(unlabelledControls(pageA)).resolves.toEqual([]);
    await shot(pageA, '08-authorization-authorized');
  });

  it('Test Token reports a valid token with its expiry', async () => {
    await authorizedConnection('AUTH_TEST');
    const page = await openAuthorization(await gk.signedIn(), gk.api.url, 'AUTH_TEST', 'AUTHORIZED');
    await page.getByTestId('action-test').click();
    const outcome = page.locator('[data-testid="action-outcome"][data-severity="success"]');
    await outcome.waitFor();
    await expect(outcome.textContent()).resolves.toContain('The token is valid');
  });

  it('a viewer reads the authorization, but every action is disabled for the role', async () => {
    const code = 'AUTH_VIEWER';
    await authorizedConnection(code);
    await gk.api.cli([
      'create-user',
      '--email',
      'viewer@grantkeeper.test',
      '--password',
      'viewer-password-1',
      '--name',
      'Vera Viewer',
      '--role',
      'VIEWER',
    ]);
    const page = await (await gk.newContext()).newPage();
    await page.goto(`${gk.api.url}/sign-in`);
    await page.getByLabel('Email').fill('viewer@grantkeeper.test');
    await page.getByLabel('Password').fill('viewer-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/connections$/);
    await page.getByTestId(`row-status-${code}`).waitFor();
    await expect(page.getByRole('link', { name: 'New connection' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'API keys' }).count()).resolves.toBe(0);
    await page.goto(`${gk.api.url}/connections/${code}/authorization`);
    await waitForStatus(page, 'AUTHORIZED');
    for (const action of ['start', 'test', 'refresh', 'revoke']) {
      await expect(page.getByTestId(`action-${action}`).isDisabled()).resolves.toBe(true);
    }
    await expect(page.locator('#help-start').textContent()).resolves.toContain('Viewer');
    await shot(page, '08c-authorization-viewer');
  });

  it('Refresh Token moves the expiry, in both consoles', async () => {
    const code = 'AUTH_REFRESH';
    await gk.createConnection(code);
    // The first token lives half an hour, the refreshed one an hour: the expiry must move.
    gk.idp.setAccessTokenTtl(DEFAULT_TTL_SECONDS / 2);
    try {
      await gk.authorize(code);
    } finally {
      gk.idp.setAccessTokenTtl(DEFAULT_TTL_SECONDS);
    }
    const pageA = await openAuthorization(await gk.signedIn(), gk.api.url, code, 'AUTHORIZED');
    const pageB = await openAuthorization(await gk.signedIn(), gk.api.url, code, 'AUTHORIZED');
    const before = (await expiryOf(pageA)) ?? '';
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
    const code = 'AUTH_REVOKE';
    await authorizedConnection(code);
    const pageA = await openAuthorization(await gk.signedIn(), gk.api.url, code, 'AUTHORIZED');
    const pageB = await openAuthorization(await gk.signedIn(), gk.api.url, code, 'AUTHORIZED');
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
    const code = 'AUTH_DENIED';
    await gk.createConnection(code);
    const page = await openAuthorization(await gk.signedIn(), gk.api.url, code, 'NOT_AUTHORIZED');
    const popup = await startAuthorization(page);
    await signInAtIdp(popup);
    await popup.click('button[name=deny]');
    const message = popup.locator('[data-testid="callback-result"][data-result="error"]');
    await message.waitFor();
    await expect(message.textContent()).resolves.toMatch(/denied/i);
    await shot(popup, '10-callback-denied');
    await popup.close();
    await expect(statusOf(page)).resolves.toBe('NOT_AUTHORIZED');
  });

  it('an unknown state lands on the authorization-result page', async () => {
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/oauth/callback?code=unknown&state=unknown-state-value`);
    await page.waitForURL(/\/authorization-result/);
    await page.locator('[data-testid="callback-result"][data-result="error"]').waitFor();
    await shot(page, '11-authorization-result-unknown-state');
  });

  it('shows the history newest first', async () => {
    const code = 'AUTH_HISTORY';
    await authorizedConnection(code);
    await gk.gql(`mutation($c: String!) { refreshToken(connectionCode: $c) { status } }`, { c: code });
    await gk.gql(`mutation($c: String!) { revokeAuthorization(connectionCode: $c) { status } }`, { c: code });
    await gk.denyAuthorization(code);
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/connections/${code}/history`);
    const table = page.getByTestId('history-table');
    await table.locator('[data-testid="event-type"][data-type="AUTHORIZATION_FAILED"]').waitFor();
    const events = await table.getByTestId('event-type').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-type')));
    const at = (type: string): number => events.indexOf(type);
    expect(at('AUTHORIZATION_FAILED')).toBeGreaterThanOrEqual(0);
    expect(at('AUTHORIZATION_FAILED')).toBeLessThan(at('AUTHORIZATION_REVOKED'));
    expect(at('AUTHORIZATION_REVOKED')).toBeLessThan(at('TOKEN_REFRESHED'));
    expect(at('TOKEN_REFRESHED')).toBeLessThan(at('AUTHORIZED'));
    expect(at('AUTHORIZED')).toBeLessThan(at('CONNECTION_CREATED'));
    await shot(page, '12-history');
  });

  it('an automatic refresh by the server shows up live, credited to the refresher', async () => {
    const code = 'AUTH_AUTOMATIC';
    await gk.createConnection(code);
    const page = await openAuthorization(await gk.signedIn(), gk.api.url, code, 'NOT_AUTHORIZED');
    // A 12-second token is due after half its life: the refresher (every 2 s) renews it.
    gk.idp.setAccessTokenTtl(12);
    try {
      await gk.authorize(code);
    } finally {
      gk.idp.setAccessTokenTtl(DEFAULT_TTL_SECONDS); // the refreshed token is long-lived: one automatic refresh
    }
    await waitForStatus(page, 'AUTHORIZED');
    const authorizedAt = Date.parse((await page.getByTestId('field-last-authorized').getAttribute('datetime')) ?? '');
    await page.waitForFunction(
      (after) => Date.parse(document.querySelector('[data-testid="field-last-refreshed"]')?.getAttribute('datetime') ?? '') > after,
      authorizedAt,
      { timeout: 30_000 },
    );
    await page.goto(`${gk.api.url}/connections/${code}/history`);
    const newest = page.getByTestId('history-table').locator('tbody tr').first();
    await expect(newest.getByTestId('event-type').getAttribute('data-type')).resolves.toBe('TOKEN_REFRESHED');
    await expect(newest.textContent()).resolves.toContain('Automatic refresher');
  });

  it('never shows a token or the client secret: not in any response, page, log or the bundle', async () => {
    // Its own code exchange and refresh, whatever ran before; then everything this file's
    // browsers and helpers received is searched.
    const code = 'AUTH_SECRETS';
    await authorizedConnection(code);
    const page = await openAuthorization(await gk.signedIn(), gk.api.url, code, 'AUTHORIZED');
    await page.getByTestId('action-refresh').click();
    await page.locator('[data-testid="action-outcome"][data-severity="success"]').getByText('Token refreshed').waitFor();
    await page.getByTestId('action-test').click();
    await page.locator('[data-testid="action-outcome"][data-severity="success"]').getByText('The token is valid').waitFor();

    const tokens = gk.recorder.tokens();
    expect(tokens.length).toBeGreaterThanOrEqual(2); // the code exchange and the refresh
    const secrets = [...tokens, CLIENT_SECRET];
    expect(gk.received.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(gk.received.some((body) => body.includes(secret))).toBe(false);
      expect(gk.api.output().includes(secret)).toBe(false);
      expect(await page.content()).not.toContain(secret);
    }
    const bundle = readTree(webDist);
    expect(bundle.length).toBeGreaterThan(0);
    for (const file of bundle) {
      for (const secret of secrets) expect(file.text.includes(secret), `${file.path} contains a secret`).toBe(false);
    }
  });
});
