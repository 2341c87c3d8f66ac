import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

let fixture: ConsoleFixture;

beforeAll(async () => {
  // Two failed attempts per minute: the third is refused for the rest of the minute (the lockout).
  fixture = await startConsoleFixture({ env: { LOGIN_MAX_FAILURES: '2', LOGIN_WINDOW_MINUTES: '1' } });
});

afterAll(async () => {
  await fixture?.close();
});

const focusedId = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');

/** WCAG relative luminance contrast of two `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string): number => {
    const [r, g, bl] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

async function signInPage(): Promise<Page> {
  const context = await fixture.browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(`${fixture.api.url}/sign-in`);
  await page.locator('#email').waitFor();
  return page;
}

describe('API keys page', () => {
  it('focuses the new key, lists its prefix, role and expiry, and puts a taken name on the Name field', async () => {
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/api-keys`);
    await page.locator('#key-name').fill('ci deploy');
    await page.locator('#key-role').click();
    await page.getByRole('option', { name: 'Operator: authorization actions' }).click();
    await page.locator('#key-expiry').click();
    await page.getByRole('option', { name: 'In 30 days' }).click();
    await page.getByRole('button', { name: 'Create API key' }).click();

    const value = page.getByTestId('created-key-value');
    await value.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'created-key-value');
    const key = await value.inputValue();
    expect(key).toMatch(/^gk_/);

    const row = page.locator('[data-testid="api-keys-table"] tr', { hasText: 'ci deploy' });
    await row.getByTestId('key-prefix').waitFor();
    await expect(row.getByTestId('key-prefix').textContent()).resolves.toBe(`${key.slice(0, 9)}…`);
    await expect(row.textContent()).resolves.not.toContain(key);
    await expect(row.textContent()).resolves.toContain('Operator');
    const expires = await row.getByTestId('key-expires').locator('time').getAttribute('datetime');
    const days = (new Date(expires!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);

    await page.locator('#key-name').fill('ci deploy');
    await page.getByRole('button', { name: 'Create API key' }).click();
    await page.getByTestId('error-summary').waitFor();
    await expect(page.getByTestId('key-name-error').textContent()).resolves.toContain('already exists');
    expect(await focusedId(page)).toBe('key-name');
    await expect(page.locator('[data-testid="api-keys-table"] tr', { hasText: 'ci deploy' }).count()).resolves.toBe(1);
    await context.close();
  });
});

describe('connection card form', () => {
  it('lists the errors at the top, focuses the first invalid field, and puts a taken code on the Code field', async () => {
    await fixture.createConnection('A11Y_TAKEN');
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections/new`);
    await page.getByTestId('save-connection').click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect(summary.locator('li').count()).resolves.toBeGreaterThanOrEqual(2);
    await expect(summary.locator('a').first().getAttribute('href')).resolves.toBe('#code');
    expect(await focusedId(page)).toBe('code');

    await page.locator('#code').fill('A11Y_TAKEN');
    await page.locator('#name').fill('Taken');
    await page.getByLabel('Authorization endpoint').fill(fixture.idp.url('/auth'));
    await page.getByLabel('Token endpoint').fill(fixture.idp.url('/token'));
    await page.getByLabel('Client ID').fill('someone');
    await page.locator('#client-secret').fill('a-secret-value');
    await page.getByTestId('save-connection').click();
    await page.locator('#code-error', { hasText: 'A11Y_TAKEN' }).waitFor();
    expect(await focusedId(page)).toBe('code');
    await expect(summary.textContent()).resolves.toContain('A11Y_TAKEN');
    await context.close();
  });
});

describe('status explanations', () => {
  it('open from the keyboard and by touch, not only on hover', async () => {
    await fixture.createConnection('A11Y_STATUS');
    const context = await fixture.signedIn({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections/A11Y_STATUS/authorization`);
    const help = page.getByTestId('field-status').getByTestId('status-help');
    await help.tap();
    const explanation = page.getByTestId('field-status').getByTestId('status-explanation');
    await expect(explanation.textContent()).resolves.toContain('Start Authorization');
    await help.tap();
    await expect(explanation.count()).resolves.toBe(0);

    await help.focus();
    await page.keyboard.press('Enter');
    await explanation.waitFor();
    await expect(help.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('Escape');
    await expect(explanation.count()).resolves.toBe(0);
    await context.close();
  });
});

// Last: the lockout also holds this address for the rest of the minute.
describe('sign-in form', () => {
  it('lists what is missing at the top and moves focus to the first invalid field', async () => {
    const page = await signInPage();
    await page.getByRole('button', { name: 'Sign in' }).click();
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    await expect(summary.textContent()).resolves.toContain('Enter your email address.');
    await expect(summary.textContent()).resolves.toContain('Enter your password.');
    expect(await focusedId(page)).toBe('email');
    await expect(page.locator('#email').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.locator('#email').fill('someone@grantkeeper.test');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#password[aria-invalid="true"]').waitFor();
    expect(await focusedId(page)).toBe('password');
    await page.context().close();
  });

  it('shows a visible focus ring of 3:1 or more on a focused input', async () => {
    const page = await signInPage();
    await page.locator('#email').focus();
    const ring = await page.evaluate(() => {
      const input = document.getElementById('email')!;
      const style = getComputedStyle(input);
      const card = getComputedStyle(input.closest('.gk-panel')!);
      return {
        width: parseFloat(style.outlineWidth),
        style: style.outlineStyle,
        color: style.outlineColor,
        background: card.backgroundColor,
      };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    expect(contrast(ring.color, ring.background)).toBeGreaterThanOrEqual(3);
    await page.context().close();
  });

  it('tells a wrong password from a lockout, which shows when to retry and disables the form until then', async () => {
    const page = await signInPage();
    await page.locator('#email').fill('guesser@grantkeeper.test');
    const locked = page.getByTestId('sign-in-locked');
    let wrongPasswordShown = false;
    for (let attempt = 0; attempt < 8 && !(await locked.isVisible()); attempt++) {
      await page.locator('#password').fill(`wrong-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('[data-testid="sign-in-error"], [data-testid="sign-in-locked"]').first().waitFor();
      if (await page.getByTestId('sign-in-error').isVisible()) {
        await expect(page.getByTestId('sign-in-error').textContent()).resolves.toContain('email or password is not correct');
        wrongPasswordShown = true;
      }
    }
    expect(wrongPasswordShown).toBe(true);
    await locked.waitFor();
    const text = (await locked.textContent()) ?? '';
    expect(text).toContain('Too many failed sign-in attempts');
    expect(text).not.toContain('not correct');
    expect(text).toMatch(/try again at \d{1,2}:\d{2}:\d{2}/i);
    await expect(page.locator('#password').isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Sign in' }).isDisabled()).resolves.toBe(true);

    // When the wait is over the form comes back by itself, focus on the password.
    await page.waitForFunction(() => !document.getElementById('password')!.matches(':disabled'), undefined, { timeout: 75_000 });
    await expect(locked.textContent()).resolves.toContain('You can try again now');
    expect(await focusedId(page)).toBe('password');
    await page.context().close();
  });
});
