import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

let fixture: ConsoleFixture;

beforeAll(async () => {
  fixture = await startConsoleFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe('while the server cannot be reached', () => {
  it('shows an offline banner, opens the page whose code could not load once back, and clears the banner', async () => {
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections`);
    await page.locator('[data-testid="live-indicator"][data-state="connected"]').waitFor();

    await context.setOffline(true);
    // The API keys page's code chunk has not been loaded yet: it cannot load now.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.getByTestId('offline-banner').waitFor();
    expect(page.url()).toMatch(/\/connections$/);

    await context.setOffline(false);
    await page.waitForURL(/\/api-keys$/);
    await page.getByTestId('offline-banner').waitFor({ state: 'detached' });
    await page
      .locator('[data-testid="live-indicator"][data-state="connected"]')
      .or(page.getByRole('heading', { level: 1 }))
      .first()
      .waitFor();
    await context.close();
  });
});
