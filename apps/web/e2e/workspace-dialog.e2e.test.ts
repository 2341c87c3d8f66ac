/**
 * The New workspace dialog in the header (ADMIN): focus handling, the browser-side slug check,
 * creation and the switch to the new workspace, CONFLICT on a taken slug, Cancel. Every step
 * waits for what a person would see (dialog shown/hidden, the switcher's label, the list of the
 * new workspace), never a fixed time: the dialog closes only once the switch has settled.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';
import { moveFocusWhileOpening } from './support/dialog-focus';

let fixture: ConsoleFixture;
const RUN = Math.random().toString(36).slice(2, 8);

const focused = (page: Page) =>
  page.evaluate(() => ({ id: document.activeElement?.id ?? '', testid: document.activeElement?.getAttribute('data-testid') ?? '' }));

beforeAll(async () => {
  fixture = await startConsoleFixture();
  await fixture.createConnection('WS_DEFAULT');
});

afterAll(async () => {
  await fixture?.close();
});

describe('New workspace dialog', () => {
  it('creates a workspace from the header, switches to it, and refuses a duplicate slug', async () => {
    const slug = `sandbox-${RUN}`;
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections`);
    await page.getByTestId('row-status-WS_DEFAULT').waitFor();
    const opener = page.getByRole('button', { name: 'New workspace' });
    const dialog = page.getByRole('dialog', { name: 'New workspace' });

    // Opens with focus in the first field; Escape closes it and focus goes back to the opener.
    await opener.click();
    await dialog.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'new-workspace-slug');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'new-workspace');

    // Focus stays inside the dialog while tabbing.
    await opener.click();
    await dialog.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'new-workspace-slug');
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      await expect(page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]'))).resolves.toBe(true);
    }

    // A slug the API would refuse is caught in the browser with a clear message.
    await dialog.getByLabel('Slug').fill('Acme Sandbox');
    await dialog.getByLabel('Company').fill('Acme');
    await dialog.getByLabel('Environment').fill('sandbox');
    await dialog.getByRole('button', { name: 'Create workspace' }).click();
    await dialog
      .getByTestId('new-workspace-slug-error')
      .filter({ hasText: 'Use only lower-case letters (a-z), digits (0-9) and hyphens (-)' })
      .waitFor();
    await expect(dialog.getByLabel('Slug').getAttribute('aria-invalid')).resolves.toBe('true');

    // A workspace switch restarts the live socket on purpose: that is no outage, so the offline
    // banner (and the refetch of every query when "back") must not come.
    await page.evaluate(() => {
      const seen = { offline: false };
      (window as unknown as { gkSeen: typeof seen }).gkSeen = seen;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="offline-banner"]')) seen.offline = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await dialog.getByLabel('Slug').fill(slug);
    await dialog.getByRole('button', { name: 'Create workspace' }).click();
    // Hidden only once the switch is done: the switcher names it and its (empty) list shows.
    await dialog.waitFor({ state: 'hidden' });
    await expect(page.getByTestId('workspace-switcher').textContent()).resolves.toContain('Acme · sandbox');
    await expect(page.evaluate(() => localStorage.getItem('grantkeeper.workspace'))).resolves.toBe(slug);
    await page.getByText('No connections yet.').waitFor();
    await expect(page.getByTestId('row-status-WS_DEFAULT').count()).resolves.toBe(0);
    await page.getByTestId('live-indicator').filter({ hasText: 'Live' }).waitFor();
    await expect(page.evaluate(() => (window as unknown as { gkSeen: { offline: boolean } }).gkSeen.offline)).resolves.toBe(false);

    // The same slug again: the API answers CONFLICT, shown on the slug field; the dialog stays open.
    await opener.click();
    await dialog.waitFor();
    await expect(dialog.getByLabel('Slug').inputValue()).resolves.toBe('');
    await dialog.getByLabel('Slug').fill(slug);
    await dialog.getByLabel('Company').fill('Acme again');
    await dialog.getByRole('button', { name: 'Create workspace' }).click();
    await dialog.getByTestId('new-workspace-problem').waitFor();
    await expect(dialog.getByTestId('new-workspace-problem').getAttribute('data-code')).resolves.toBe('CONFLICT');
    await expect(dialog.getByTestId('new-workspace-slug-error').textContent()).resolves.toBe(
      `The slug "${slug}" is already taken by another workspace. Choose a different slug.`,
    );
    await expect(dialog.getByLabel('Company').inputValue()).resolves.toBe('Acme again');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect(focused(page)).resolves.toMatchObject({ testid: 'new-workspace' });

    // The switcher lists it; going back to Default shows its connection again.
    await page.getByTestId('workspace-switcher').click();
    await page.getByRole('option', { name: /^Default/ }).click();
    await page.getByTestId('row-status-WS_DEFAULT').waitFor();
    await context.close();
  });

  it('leaves focus where the admin moved it while the dialog was still opening, so typing lands there', async () => {
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections`);
    await page.getByTestId('row-status-WS_DEFAULT').waitFor();
    const dialog = page.getByRole('dialog', { name: 'New workspace' });

    const focus = await moveFocusWhileOpening(
      page,
      () => page.getByRole('button', { name: 'New workspace' }).click(),
      'new-workspace-company',
    );
    expect(focus).toEqual({ movedWhileOpening: true, focusedAfter: 'new-workspace-company' });
    await page.keyboard.type('Acme');
    await expect(dialog.getByLabel('Company').inputValue()).resolves.toBe('Acme');
    await expect(dialog.getByLabel('Slug').inputValue()).resolves.toBe('');

    // Opened again and left alone, it still puts focus in its first field.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'New workspace' }).click();
    await page.waitForFunction(
      () => document.querySelector('.p-dialog-enter-active') === null && document.activeElement?.id === 'new-workspace-slug',
    );
    await context.close();
  });
});
