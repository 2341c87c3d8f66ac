import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

let fixture: ConsoleFixture;

beforeAll(async () => {
  fixture = await startConsoleFixture();
});

afterAll(async () => {
  await fixture?.close();
});

function activeElementId(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

/** Creates a connection from the Microsoft Entra ID template through the console's form. */
async function createFromTemplate(page: Page, code: string): Promise<void> {
  await page.goto(`${fixture.api.url}/connections/new`);
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByLabel('Name', { exact: true }).fill('Entra directory');
  await page.getByLabel('Provider template').click();
  await page.getByRole('option', { name: 'Microsoft Entra ID' }).click();
  await page.getByLabel('Directory (tenant) ID').fill('contoso.onmicrosoft.com');
  await page.locator('#client-id').fill('entra-client');
  await page.locator('#client-secret').fill('entra-secret');
  await page.getByTestId('save-connection').click();
  await page.waitForURL(new RegExp(`/connections/${code}$`));
}

describe('a connection made from a provider template', () => {
  it('keeps its template parameters: they come back, show, and the card saves again', async () => {
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await createFromTemplate(page, 'ENTRA_ROUNDTRIP');

    const saved = await fixture.gql<{ connection: { oauth2: { templateParameters: { key: string; value: string }[] } } }>(
      '{ connection(code: "ENTRA_ROUNDTRIP") { oauth2 { templateParameters { key value } } } }',
    );
    expect(saved.connection.oauth2.templateParameters).toEqual([{ key: 'tenant', value: 'contoso.onmicrosoft.com' }]);

    await page.reload();
    await expect(page.getByLabel('Directory (tenant) ID').inputValue()).resolves.toBe('contoso.onmicrosoft.com');
    await page.getByLabel('Name', { exact: true }).fill('Entra directory (renamed)');
    await page.getByTestId('save-connection').click();
    await page.getByText('Connection saved').first().waitFor();
    await expect(page.locator('#param-tenant-error').textContent()).resolves.toBe('');
    await context.close();
  });

  it('retyping a parameter changes the endpoints but keeps edited extra parameters and scopes', async () => {
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await createFromTemplate(page, 'ENTRA_RETYPE');
    await page.getByLabel('Extra authorization parameters (optional)').fill('prompt=consent');
    await page.getByLabel('Scopes').fill('openid offline_access');
    await page.getByLabel('Directory (tenant) ID').fill('fabrikam.onmicrosoft.com');

    await expect(page.getByLabel('Token endpoint').inputValue()).resolves.toBe(
      'https://login.microsoftonline.com/fabrikam.onmicrosoft.com/oauth2/v2.0/token',
    );
    await expect(page.getByLabel('Extra authorization parameters (optional)').inputValue()).resolves.toBe('prompt=consent');
    await expect(page.getByLabel('Scopes').inputValue()).resolves.toBe('openid offline_access');
    await context.close();
  });

  it('an invalid field is focused and visible when Save is refused', async () => {
    const context = await fixture.signedIn({ viewport: { width: 1280, height: 600 } });
    const page = await context.newPage();
    await createFromTemplate(page, 'ENTRA_FOCUS');
    await page.getByLabel('Directory (tenant) ID').fill('');
    await page.getByTestId('save-connection').click();

    await expect(page.locator('#param-tenant-error').textContent()).resolves.toContain('Required by this provider template');
    await expect.poll(() => activeElementId(page)).toBe('param-tenant');
    await expect(page.locator('#param-tenant').isVisible()).resolves.toBe(true);
    const box = await page.locator('#param-tenant').boundingBox();
    expect(box && box.y >= 0 && box.y + box.height <= 600).toBe(true);
    await context.close();
  });
});
