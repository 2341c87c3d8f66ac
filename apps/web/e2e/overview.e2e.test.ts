/**
 * The connections overview: counts per status at the top, the "needs attention" filter
 * (expired, refresh failing, re-authorization required) and sorting by status and by expiry,
 * on connections brought into each state through the real test IdP.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/api-process';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

let fixture: ConsoleFixture;

async function codesShown(page: Page): Promise<string[]> {
  return page.getByTestId('connections-table').locator('a.gk-code').allTextContents();
}

async function waitForCodes(page: Page, codes: string[]): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      [...document.querySelectorAll('[data-testid="connections-table"] a.gk-code')].map((a) => a.textContent).join(',') === expected,
    codes.join(','),
  );
}

beforeAll(async () => {
  fixture = await startConsoleFixture();
  for (const code of ['OV_OK', 'OV_FAILING', 'OV_REAUTH', 'OV_NEW']) await fixture.createConnection(code);
  for (const code of ['OV_OK', 'OV_FAILING', 'OV_REAUTH']) expect(await fixture.authorize(code)).toContain('result=authorized');
  const refresh = (code: string) => fixture.gql(`mutation { refreshToken(connectionCode: "${code}") { status } }`);
  fixture.idp.setQuirks({ failRefreshWith: { status: 503 } });
  await expect(refresh('OV_FAILING')).rejects.toThrow(/PROVIDER_ERROR/);
  fixture.idp.setQuirks({ errorIn200OnRefresh: 'invalid_grant' });
  await expect(refresh('OV_REAUTH')).rejects.toThrow(/REAUTHORIZATION_REQUIRED/);
  fixture.idp.setQuirks({});
  // OV_OK refreshed last: its token expires after the others'.
  await refresh('OV_OK');
});

afterAll(async () => {
  await fixture?.close();
});

describe('connections overview', () => {
  it('counts per status, filters what needs attention, sorts by status and by expiry', async () => {
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections`);
    await waitForCodes(page, ['OV_FAILING', 'OV_NEW', 'OV_OK', 'OV_REAUTH']);
    const count = (key: string) => page.getByTestId(`count-${key}`).getByTestId('count-number').textContent();
    await expect(count('ALL')).resolves.toBe('4');
    await expect(count('NEEDS_ATTENTION')).resolves.toBe('2');
    await expect(count('AUTHORIZED')).resolves.toBe('2');
    await expect(count('REAUTHORIZATION_REQUIRED')).resolves.toBe('1');
    await expect(count('NOT_AUTHORIZED')).resolves.toBe('1');

    await page.getByTestId('count-NEEDS_ATTENTION').click();
    await waitForCodes(page, ['OV_FAILING', 'OV_REAUTH']);
    await expect(page.getByTestId('count-NEEDS_ATTENTION').getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.getByTestId('filter-status').textContent()).resolves.toContain('Needs attention');

    await page.getByTestId('count-ALL').click();
    await waitForCodes(page, ['OV_FAILING', 'OV_NEW', 'OV_OK', 'OV_REAUTH']);
    await page.getByTestId('sort-order').click();
    await page.getByRole('option', { name: 'Sort by status (most urgent first)' }).click();
    await waitForCodes(page, ['OV_REAUTH', 'OV_FAILING', 'OV_OK', 'OV_NEW']);
    await page.getByTestId('sort-order').click();
    await page.getByRole('option', { name: 'Sort by token expiry (soonest first)' }).click();
    await waitForCodes(page, ['OV_FAILING', 'OV_REAUTH', 'OV_OK', 'OV_NEW']);
    expect(await codesShown(page)).toHaveLength(4);
    await context.close();
  });

  it("shows the server's version (apps/api package.json) in the footer", async () => {
    const { version } = JSON.parse(await readFile(join(repoRoot, 'apps/api/package.json'), 'utf8')) as { version: string };
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections`);
    await page
      .getByTestId('server-version')
      .filter({ hasText: `Grantkeeper server ${version}` })
      .waitFor();
    await expect(page.getByRole('contentinfo').textContent()).resolves.toContain(version);
    await context.close();
  });
});
