/**
 * The Users page and passwords in a real browser against the real API: an admin creates a user
 * with a role (the one-time password shown once), the user must choose a password at the first
 * sign-in, changes it again from the header, sees a role change at once, is signed out at once
 * when disabled (their open console goes to sign-in), and after a reset must change the new
 * one-time password. Works at 390 px; every control has a name.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlabelledControls } from './support/accessibility';
import { startConsole, type ConsoleUnderTest } from './support/console';
import { moveFocusWhileOpening } from './support/dialog-focus';

let gk: ConsoleUnderTest;
const EMAIL = 'olga@example.test';

beforeAll(async () => {
  gk = await startConsole();
});

afterAll(async () => {
  await gk?.close();
});

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${gk.api.url}/connections`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The forced change after a one-time password; lands on the connections list. */
async function chooseOwnPassword(page: Page, oneTime: string, next: string): Promise<void> {
  await page.waitForURL(/\/change-password/);
  await page.goto(`${gk.api.url}/api-keys`);
  await page.waitForURL(/\/change-password/);
  await page.getByTestId('password-submit').click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('forced-current');
  await page.getByLabel('One-time password').fill(oneTime);
  await page.getByLabel('New password', { exact: true }).fill(next);
  await page.getByLabel('Repeat the new password').fill(next);
  await page.getByTestId('password-submit').click();
  await page.waitForURL(/\/connections$/);
}

function row(page: Page) {
  return page.getByTestId(`user-${EMAIL}`);
}

async function oneTimePassword(page: Page): Promise<string> {
  const field = page.getByTestId('one-time-password-value');
  await field.waitFor();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('one-time-password');
  const value = await field.inputValue();
  await page.getByTestId('one-time-done').click();
  return value;
}

describe('the Users page', () => {
  let admin: Page;
  let olgaContext: BrowserContext;
  let olga: Page;

  it('creates a user with a role; the one-time password is shown once and must be changed at the first sign-in', async () => {
    admin = await (await gk.signedIn()).newPage();
    await admin.goto(`${gk.api.url}/connections`);
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.waitForURL(/\/users$/);
    await admin.getByTestId('user-create').click();
    await expect.poll(() => admin.evaluate(() => document.activeElement?.id)).toBe('user-email');
    await admin.getByLabel('Email').fill(EMAIL);
    await admin.getByLabel('Display name').fill('Olga');
    await admin.getByTestId('user-role').click();
    await admin.getByRole('option', { name: /^Operator/ }).click();
    await expect(unlabelledControls(admin)).resolves.toEqual([]);
    await admin.getByTestId('user-create').click();
    const oneTime = await oneTimePassword(admin);
    expect(oneTime.length).toBeGreaterThanOrEqual(20);
    await row(admin).waitFor();
    await expect(admin.getByTestId('one-time-password').count()).resolves.toBe(0);

    olgaContext = await gk.newContext();
    olga = await olgaContext.newPage();
    await signIn(olga, EMAIL, oneTime);
    await chooseOwnPassword(olga, oneTime, 'olga-first-password');
    await expect(olga.getByTestId('current-user').textContent()).resolves.toContain('Operator');
  });

  it('changes the own password from the header', async () => {
    // Focus moved into the first field while the dialog still opens stays there (not sent to its close button).
    const focus = await moveFocusWhileOpening(olga, () => olga.getByTestId('open-change-password').click(), 'dialog-current');
    expect(focus).toEqual({ movedWhileOpening: true, focusedAfter: 'dialog-current' });
    const dialog = olga.getByTestId('change-password-dialog');
    await dialog.getByLabel('Current password', { exact: true }).fill('not-my-password');
    await dialog.getByLabel('New password', { exact: true }).fill('olga-second-password');
    await dialog.getByLabel('Repeat the new password').fill('olga-second-password');
    await dialog.getByTestId('password-submit').click();
    await dialog.getByText('The current password is not correct.').waitFor();
    await expect.poll(() => olga.evaluate(() => document.activeElement?.id)).toBe('dialog-current');
    await dialog.getByLabel('Current password', { exact: true }).fill('olga-first-password');
    await dialog.getByTestId('password-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const other = await (await gk.newContext()).newPage();
    await signIn(other, EMAIL, 'olga-second-password');
    await other.waitForURL(/\/connections$/);
  });

  it('changes a role: the open console of that user follows at once', async () => {
    await olga.locator('[data-testid="live-indicator"][data-state="connected"]').waitFor();
    await row(admin).getByTestId('user-row-role').click();
    await admin.getByRole('option', { name: /^Viewer/ }).click();
    await olga.getByTestId('current-user').getByText('Viewer').waitFor();
    await expect(olga.url()).toMatch(/\/connections$/);
  });

  it('disables a user: their open console goes to sign-in at once and sign-in is refused', async () => {
    await olga.locator('[data-testid="live-indicator"][data-state="connected"]').waitFor();
    await row(admin).getByTestId('user-toggle-disabled').click();
    await admin.getByRole('button', { name: 'Disable', exact: true }).click();
    await row(admin).getByTestId('user-disabled').waitFor();
    await olga.waitForURL(/\/sign-in/);
    await olga.getByLabel('Email').fill(EMAIL);
    await olga.getByLabel('Password').fill('olga-second-password');
    await olga.getByRole('button', { name: 'Sign in' }).click();
    await olga.getByTestId('sign-in-error').getByText('This account is disabled').waitFor();
  });

  it('resets a password: a new one-time password, changed at the next sign-in', async () => {
    await row(admin).getByTestId('user-toggle-disabled').click();
    await admin.locator(`[data-testid="user-${EMAIL}"][data-disabled="false"]`).waitFor();
    await row(admin).getByTestId('user-reset-password').click();
    await admin.getByRole('button', { name: 'Reset password', exact: true }).click();
    const oneTime = await oneTimePassword(admin);
    await olgaContext.clearCookies();
    await signIn(olga, EMAIL, oneTime);
    await chooseOwnPassword(olga, oneTime, 'olga-third-password');
    const received = gk.received.join('\n');
    for (const own of ['olga-first-password', 'olga-second-password', 'olga-third-password']) {
      expect(received).not.toContain(own);
      expect(gk.api.output()).not.toContain(own);
    }
    expect(gk.api.output()).not.toContain(oneTime);
  });

  it('shows a user limited to one workspace only that workspace, though "default" is the first guess', async () => {
    await gk.gql(`mutation { createWorkspace(input: { slug: "users-e2e-only", company: "Only Inc", environment: "sandbox" }) { slug } }`);
    const made = await gk.gql<{ createUser: { oneTimePassword: string } }>(
      `mutation { createUser(input: { email: "lena@example.test", displayName: "Lena", role: VIEWER, workspaceSlugs: ["users-e2e-only"] }) { oneTimePassword } }`,
    );
    const lena = await (await gk.newContext()).newPage();
    await signIn(lena, 'lena@example.test', made.createUser.oneTimePassword);
    await chooseOwnPassword(lena, made.createUser.oneTimePassword, 'lena-own-password');
    await lena.getByTestId('workspace-switcher').getByText('Only Inc · sandbox').waitFor();
    await lena.getByText('No connections yet.').waitFor();
    await expect(lena.getByTestId('problem').count()).resolves.toBe(0);
    await expect(lena.getByRole('link', { name: 'Users' }).count()).resolves.toBe(0);
  });

  it('fits a phone: the Users page at 390 px has no sideways scrolling', async () => {
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.reload();
    await row(admin).waitFor();
    const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect(unlabelledControls(admin)).resolves.toEqual([]);
  });
});
