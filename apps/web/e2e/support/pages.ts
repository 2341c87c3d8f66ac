import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { shots } from './console';

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true, animations: 'disabled' });
}

export async function statusOf(page: Page): Promise<string | null> {
  return page.getByTestId('field-status').getByTestId('status-badge').getAttribute('data-status');
}

export async function waitForStatus(page: Page, status: string): Promise<void> {
  await page.locator(`[data-testid="field-status"] [data-status="${status}"]`).waitFor({ timeout: 15_000 });
}

export async function expiryOf(page: Page): Promise<string | null> {
  return page.getByTestId('field-token-expiry').getAttribute('datetime');
}

/** A new page on the connection's Authorization page, showing `status`, its live updates connected. */
export async function openAuthorization(context: BrowserContext, baseUrl: string, code: string, status: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/connections/${code}/authorization`);
  await waitForStatus(page, status);
  await page.locator('[data-testid="live-indicator"][data-state="connected"]').waitFor();
  return page;
}

/** Start Authorization opens the provider in a new tab; returns that tab. */
export async function startAuthorization(page: Page): Promise<Page> {
  const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('action-start').click()]);
  await popup.waitForLoadState();
  return popup;
}

/** Signs in at the IdP as alice (unless its session cookie already did) and waits for consent. */
export async function signInAtIdp(popup: Page): Promise<void> {
  await popup.locator('#username, button[name=allow]').first().waitFor();
  if (await popup.locator('#username').isVisible()) {
    await popup.fill('#username', 'alice');
    await popup.fill('#password', 'wonderland');
    await popup.click('button[type=submit]');
  }
  await popup.locator('button[name=allow]').waitFor();
}
