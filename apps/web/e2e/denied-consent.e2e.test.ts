import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

let fixture: ConsoleFixture;

beforeAll(async () => {
  fixture = await startConsoleFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe('a denied consent', () => {
  it('reaches the tab that started the authorization at once', async () => {
    const code = 'DENIED';
    await fixture.createConnection(code);
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections/${code}/authorization`);
    await page.locator('[data-testid="live-indicator"][data-state="connected"]').waitFor();

    const [provider] = await Promise.all([context.waitForEvent('page'), page.getByTestId('action-start').click()]);
    await page.getByTestId('action-outcome').getByText('Authorization started').waitFor();
    await provider.waitForLoadState();
    await provider.locator('#username').waitFor();
    await provider.fill('#username', 'alice');
    await provider.fill('#password', 'wonderland');
    await provider.click('button[type=submit]');
    await provider.locator('button[name=deny]').click();

    const outcome = page.getByTestId('action-outcome');
    await outcome.getByText('Authorization failed').waitFor();
    await expect(outcome.textContent()).resolves.toContain('denied at the provider');
    await expect(outcome.getAttribute('data-severity')).resolves.toBe('error');
    await context.close();
  });
});
