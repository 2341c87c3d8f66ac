/**
 * The rest of the console in a real browser against the real API and the test IdP: signing in
 * and out, the connection card and list, API keys, workspaces, dark mode. Every test creates
 * what it needs through the API and signs in its own browser context.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlabelledControls } from './support/accessibility';
import { ADMIN_EMAIL, ADMIN_PASSWORD, CLIENT_ID, CLIENT_SECRET, startConsole, type ConsoleUnderTest } from './support/console';
import { shot } from './support/pages';

let gk: ConsoleUnderTest;

beforeAll(async () => {
  gk = await startConsole();
});

afterAll(async () => {
  await gk?.close();
});

describe('the console against the real API and the test IdP', () => {
  it('signs in', async () => {
    const page = await (await gk.newContext()).newPage();
    await page.goto(`${gk.api.url}/connections`);
    await page.waitForURL(/\/sign-in/);
    await shot(page, '01-sign-in');
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('sign-in-error').waitFor();
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/connections$/);
    await expect(page.getByTestId('current-user').textContent()).resolves.toContain('Admin');
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await shot(page, '02-connections-empty');
  });

  it('creates an OAuth2 Authorization Code connection with discovery', async () => {
    const code = 'CARD_NEW';
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/connections`);
    await page.getByRole('link', { name: 'New connection' }).click();
    await page.waitForURL(/\/connections\/new$/);
    // Validation: saving the empty form lists what is missing.
    await page.getByTestId('save-connection').click();
    await expect(page.locator('#code-error').textContent()).resolves.toContain('Enter a code');
    await expect(page.locator('#client-id-error').textContent()).resolves.toContain('client ID');

    await page.getByLabel('Code', { exact: true }).fill(code.toLowerCase());
    await expect(page.getByLabel('Code', { exact: true }).inputValue()).resolves.toBe(code);
    await page.getByLabel('Name', { exact: true }).fill('E2E demo API');
    await page.getByLabel('Issuer URL').fill(gk.idp.issuer);
    await page.getByTestId('discover').click();
    await page.getByTestId('discovery-result').waitFor();
    await expect(page.getByLabel('Authorization endpoint').inputValue()).resolves.toBe(gk.idp.url('/auth'));
    // Route token calls through the recorder so the test knows every token value issued.
    await page.getByLabel('Token endpoint').fill(gk.recorder.tokenEndpoint);
    await page.getByLabel('Client ID').fill(CLIENT_ID);
    await page.locator('#client-secret').fill(CLIENT_SECRET);
    await page.getByLabel('Scopes').fill('openid offline_access api.read');
    await expect(page.getByTestId('redirect-uri').inputValue()).resolves.toBe(`${gk.api.url}/oauth/callback`);
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await shot(page, '03-connection-card-new');
    await page.getByTestId('save-connection').click();
    await page.waitForURL(new RegExp(`/connections/${code}$`));
    await expect(page.getByTestId('client-secret-state').textContent()).resolves.toContain('set');
    await expect(page.locator('#client-secret').inputValue()).resolves.toBe('');
    await shot(page, '04-connection-card-saved');
  });

  it('shows the connection in the list with its status', async () => {
    const code = 'LIST_ROW';
    await gk.createConnection(code, 'Listed demo API');
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/connections`);
    await page.getByTestId(`row-status-${code}`).getByText('Not Authorized').waitFor();
    await page.getByTestId('filter-text').fill('nothing-matches');
    await page.getByText('No connection matches the filter.').waitFor();
    await page.getByTestId('filter-text').fill('listed');
    await page.getByTestId(`row-status-${code}`).waitFor();
  });

  it('edits the connection card: rename and replace the write-only secret', async () => {
    const code = 'CARD_EDIT';
    await gk.createConnection(code, 'E2E demo API');
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/connections/${code}`);
    await page.getByTestId('manage-authorization').waitFor();
    await expect(page.getByLabel('Code', { exact: true }).getAttribute('readonly')).resolves.not.toBeNull();
    await page.getByLabel('Name', { exact: true }).fill('E2E demo API (renamed)');
    await expect(page.locator('#client-secret').getAttribute('placeholder')).resolves.toContain('keep');
    await page.locator('#client-secret').fill(CLIENT_SECRET);
    await page.getByTestId('save-connection').click();
    await page.getByText('E2E demo API (renamed)').first().waitFor();
    await expect(page.locator('#client-secret').inputValue()).resolves.toBe('');
    await expect(page.getByTestId('client-secret-state').textContent()).resolves.toContain('set');
  });

  it('a provider template fills the endpoints with its parameters', async () => {
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/connections/new`);
    await page.getByLabel('Provider template').click();
    await page.getByRole('option', { name: 'Microsoft Entra ID' }).click();
    await page.getByLabel('Directory (tenant) ID').fill('contoso.onmicrosoft.com');
    await expect(page.getByLabel('Authorization endpoint').inputValue()).resolves.toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
    );
    await expect(page.getByLabel('Scopes').inputValue()).resolves.toContain('offline_access');
    await shot(page, '12a-connection-template');
  });

  it('a duplicate code is refused with a clear message', async () => {
    const code = 'CARD_TAKEN';
    await gk.createConnection(code);
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/connections/new`);
    await page.getByLabel('Code', { exact: true }).fill(code);
    await page.getByLabel('Name', { exact: true }).fill('Duplicate');
    await page.getByLabel('Authorization endpoint').fill(gk.idp.url('/auth'));
    await page.getByLabel('Token endpoint').fill(gk.idp.url('/token'));
    await page.getByLabel('Client ID').fill(CLIENT_ID);
    await page.locator('#client-secret').fill(CLIENT_SECRET);
    await page.getByTestId('save-connection').click();
    const error = page.getByTestId('save-error');
    await error.waitFor();
    await expect(error.getAttribute('data-code')).resolves.toBe('CONFLICT');
    await expect(error.textContent()).resolves.toContain('choose another code');
    await shot(page, '12b-connection-conflict');
  });

  it('creates an API key and shows it once', async () => {
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/api-keys`);
    await page.getByLabel('Name').fill('e2e-reader');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const key = await page.getByTestId('created-key-value').inputValue();
    expect(key.length).toBeGreaterThan(16);
    await page.getByTestId('api-keys-table').getByText('e2e-reader').waitFor();
    await expect(unlabelledControls(page)).resolves.toEqual([]);
    await shot(page, '13-api-keys');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await page.getByTestId('api-keys-table').getByText('e2e-reader').waitFor();
    expect(await page.content()).not.toContain(key);
  });

  it('is usable in dark mode and on a narrow window', async () => {
    const code = 'DARK_NARROW';
    await gk.createConnection(code);
    const dark = await gk.signedIn(undefined, undefined, { viewport: { width: 420, height: 900 }, colorScheme: 'dark' });
    const page = await dark.newPage();
    await page.goto(`${gk.api.url}/connections/${code}/authorization`);
    await page.getByTestId('field-status').getByTestId('status-badge').waitFor();
    await expect(page.evaluate(() => document.documentElement.classList.contains('gk-dark'))).resolves.toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await shot(page, '14-authorization-dark-narrow');
    await page.goto(`${gk.api.url}/connections`);
    await page.getByTestId(`row-status-${code}`).waitFor();
    await shot(page, '15-connections-dark-narrow');
  });

  it('switches workspaces from the header; each shows only its own connections', async () => {
    const code = 'WS_DEFAULT';
    await gk.createConnection(code);
    const created = await gk.gql<{ createWorkspace: { slug: string } }>(
      'mutation { createWorkspace(input: { slug: "sandbox", company: "Acme", environment: "sandbox" }) { slug } }',
    );
    expect(created.createWorkspace.slug).toBe('sandbox');
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/connections`);
    await page.getByTestId(`row-status-${code}`).waitFor();
    await page.getByTestId('workspace-switcher').click();
    await page.getByRole('option', { name: 'Acme · sandbox' }).click();
    await page.getByText('No connections yet.').waitFor();
    await expect(page.getByTestId(`row-status-${code}`).count()).resolves.toBe(0);
    await shot(page, '16-workspace-sandbox');
    await page.getByTestId('workspace-switcher').click();
    await page.getByRole('option', { name: /^Default/ }).click();
    await page.getByTestId(`row-status-${code}`).waitFor();
  });

  it('an expired session sends the user to sign-in', async () => {
    const code = 'SESSION_END';
    await gk.createConnection(code);
    const context = await gk.signedIn();
    const page = await context.newPage();
    await page.goto(`${gk.api.url}/connections/${code}/history`);
    await page.getByTestId('history-table').getByTestId('event-type').first().waitFor();
    await context.clearCookies();
    await page.getByRole('button', { name: 'Reload' }).click();
    await page.waitForURL(/\/sign-in\?redirect=/);
    await page.getByLabel('Email').waitFor();
  });

  it('deletes a connection after confirmation', async () => {
    const code = 'DELETE_ME';
    await gk.createConnection(code);
    await gk.createConnection('DELETE_KEEP');
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/connections/${code}`);
    await page.getByTestId('manage-authorization').waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.textContent()).resolves.toContain('integrations using it stop working');
    await dialog.getByRole('button', { name: 'Delete connection' }).click();
    await page.waitForURL(/\/connections$/);
    await page.getByTestId('row-status-DELETE_KEEP').waitFor();
    await expect(page.getByTestId(`row-status-${code}`).count()).resolves.toBe(0);
    await page.goto(`${gk.api.url}/connections/${code}/authorization`);
    await page.getByTestId('not-found').waitFor();
  });

  it('signs out', async () => {
    const page = await (await gk.signedIn()).newPage();
    await page.goto(`${gk.api.url}/connections`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${gk.api.url}/connections`);
    await page.waitForURL(/\/sign-in/);
  });
});
