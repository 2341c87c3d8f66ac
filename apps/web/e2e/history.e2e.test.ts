/**
 * History in the console: pages with Older/Newer (cursor), filters applied on the server, an
 * export of every matching event (more than the page on screen) as CSV and JSON, times stated
 * in UTC, failures told apart by icon and word.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

const CODE = 'HIST';
let fixture: ConsoleFixture;
let total = 0;

async function choose(page: Page, testid: string, option: string): Promise<void> {
  await page.getByTestId(testid).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function rowCount(page: Page): Promise<number> {
  return page.getByTestId('history-table').getByTestId('event-type').count();
}

beforeAll(async () => {
  fixture = await startConsoleFixture();
  await fixture.createConnection(CODE);
  expect(await fixture.authorize(CODE)).toContain('result=authorized');
  for (let i = 0; i < 30; i += 1) await fixture.gql(`mutation { testToken(connectionCode: "${CODE}") { valid } }`);
  fixture.idp.setQuirks({ failRefreshWith: { status: 503 } });
  for (let i = 0; i < 2; i += 1) {
    await expect(fixture.gql(`mutation { refreshToken(connectionCode: "${CODE}") { status } }`)).rejects.toThrow(/PROVIDER_ERROR/);
  }
  fixture.idp.setQuirks({});
  const all = await fixture.gql<{ auditEventPage: { events: unknown[] } }>(
    `query { auditEventPage(filter: { connectionCode: "${CODE}" }, first: 500) { events { id } } }`,
  );
  total = all.auditEventPage.events.length;
  expect(total).toBeGreaterThan(30);
});

afterAll(async () => {
  await fixture?.close();
});

describe('history', () => {
  it('pages with a cursor, filters on the server, and tells failures by icon and word', async () => {
    const context = await fixture.signedIn({ timezoneId: 'America/Los_Angeles' });
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections/${CODE}/history`);
    await expect(page.getByTestId('history-time-zone').textContent()).resolves.toBe('Times in UTC.');
    await page.getByTestId('event-type').first().waitFor();
    expect(await rowCount(page)).toBe(25);
    // Times are UTC even in a browser on Pacific time: the newest event happened just now.
    const shown = (await page.getByTestId('event-at').first().getAttribute('datetime'))!;
    expect(await page.getByTestId('event-at').first().textContent()).toBe(shown.slice(0, 19).replace('T', ' '));

    const firstPageTop = await page.getByTestId('event-at').first().getAttribute('datetime');
    await page.getByTestId('page-older').click();
    await page.getByTestId('page-number').filter({ hasText: 'Page 2' }).waitFor();
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="history-table"] [data-testid="event-type"]').length === n,
      total - 25,
    );
    expect(await page.getByTestId('page-older').isDisabled()).toBe(true);
    // The oldest event is the connection's creation.
    await expect(page.getByTestId('event-type').last().getAttribute('data-type')).resolves.toBe('CONNECTION_CREATED');
    await page.getByTestId('page-newer').click();
    await page.getByTestId('page-number').filter({ hasText: 'Page 1' }).waitFor();
    // The page number changes on the click, the rows when the first page's answer is in: wait for them.
    await expect.poll(() => page.getByTestId('event-at').first().getAttribute('datetime')).toBe(firstPageTop);

    await choose(page, 'filter-outcome', 'Failures only');
    await page.getByTestId('filter-apply').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-table"] [data-testid="event-type"]').length === 2);
    for (const outcome of await page.getByTestId('event-outcome').all()) {
      await expect(outcome.getAttribute('data-outcome')).resolves.toBe('FAILURE');
      await expect(outcome.textContent()).resolves.toContain('Failed');
      await expect(outcome.locator('.pi-times-circle').count()).resolves.toBe(1);
    }
    await expect(page.getByTestId('event-type').first().getAttribute('data-type')).resolves.toBe('TOKEN_REFRESH_FAILED');

    await page.getByTestId('filter-clear').click();
    await page.getByTestId('filter-actor').fill('nobody-by-this-name');
    await page.getByTestId('filter-apply').click();
    await page.getByText('No events match.').waitFor();

    await page.getByTestId('filter-clear').click();
    await page.getByTestId('filter-until').fill('2001-01-01T00:00');
    await page.getByTestId('filter-apply').click();
    await page.getByText('No events match.').waitFor();
    await page.getByTestId('filter-clear').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="history-table"] [data-testid="event-type"]').length === 25);
    const success = page.getByTestId('event-outcome').filter({ hasText: 'Succeeded' }).first();
    await expect(success.getAttribute('data-outcome')).resolves.toBe('SUCCESS');
    await expect(success.locator('.pi-check-circle').count()).resolves.toBe(1);
    await context.close();
  });

  it('turns one page per page turn: while the next page loads, the pager says so and takes no second click', async () => {
    const context = await fixture.signedIn();
    const page = await context.newPage();
    // After the first, pages are answered slowly, as over a slow link: 3 s a page of history (room for
    // the checks below to run while the page loads, on a busy machine too).
    let slow = false;
    await page.route('**/graphql', async (route) => {
      if (slow && route.request().postData()?.includes('auditEventPage')) await new Promise((resolve) => setTimeout(resolve, 3_000));
      await route.continue();
    });
    await page.goto(`${fixture.api.url}/connections/${CODE}/history`);
    await page.getByTestId('event-type').first().waitFor();
    slow = true;
    const firstPageTop = await page.getByTestId('event-at').first().getAttribute('datetime');

    await page.getByTestId('page-older').click();
    // Until the page is in, the pager says it is loading and its buttons wait: a second click
    // (an impatient user) must not take the same cursor again.
    await expect.poll(() => page.getByTestId('page-number').textContent(), { timeout: 2_000 }).toBe('Loading page 2…');
    expect(await page.getByTestId('page-older').isDisabled()).toBe(true);
    expect(await page.getByTestId('page-newer').isDisabled()).toBe(true);
    await page.getByTestId('page-older').click({ force: true });
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="history-table"] [data-testid="event-type"]').length === n,
      total - 25,
    );
    await expect.poll(() => page.getByTestId('page-number').textContent(), { timeout: 10_000 }).toBe('Page 2');
    await expect(page.getByTestId('event-type').last().getAttribute('data-type')).resolves.toBe('CONNECTION_CREATED');

    // One Newer is back on the first page.
    await page.getByTestId('page-newer').click();
    await expect.poll(() => page.getByTestId('page-number').textContent(), { timeout: 10_000 }).toBe('Page 1');
    await expect.poll(() => page.getByTestId('event-at').first().getAttribute('datetime')).toBe(firstPageTop);
    expect(await rowCount(page)).toBe(25);
    await context.close();
  });

  it('exports every matching event as CSV and JSON, not just the page on screen', async () => {
    const context = await fixture.signedIn({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections/${CODE}/history`);
    await page.getByTestId('event-type').first().waitFor();

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    expect(json.suggestedFilename()).toMatch(/^history-HIST-.+Z\.json$/);
    const events = JSON.parse(await readFile((await json.path())!, 'utf8')) as Array<{ type: string; at: string; outcome: string }>;
    expect(events).toHaveLength(total);
    expect(events.at(-1)?.type).toBe('CONNECTION_CREATED');
    expect(events.every((event) => event.at.endsWith('Z'))).toBe(true);
    await page
      .getByTestId('export-done')
      .filter({ hasText: `Exported ${total} events as JSON.` })
      .waitFor();

    await choose(page, 'filter-outcome', 'Failures only');
    await page.getByTestId('filter-apply').click();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const lines = (await readFile((await csv.path())!, 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe('at (UTC),last at (UTC),count,connection,type,event,outcome,actor,message');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((line) => line.includes(',TOKEN_REFRESH_FAILED,Token refresh failed,FAILURE,'))).toBe(true);
    await context.close();
  });

  it("folds the refresher's repeated identical failures into one row with a count and the last time", async () => {
    const code = 'HIST_FOLD';
    await fixture.createConnection(code);
    // Expired at once (4 s < the refresh margin) and every refresh answered 503: the refresher
    // retries with a backoff of 1, 2, 4 s (jittered) and each failure folds into the last row.
    fixture.idp.setAccessTokenTtl(4);
    fixture.idp.setQuirks({ failRefreshWith: { status: 503 } });
    try {
      expect(await fixture.authorize(code)).toContain('result=authorized');
      const context = await fixture.signedIn();
      const page = await context.newPage();
      await page.goto(`${fixture.api.url}/connections/${code}/history`);
      const repeats = page
        .getByTestId('event-repeats')
        .filter({ hasText: /^\s*([3-9]|\d{2,}) times, last at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/ });
      await repeats.waitFor({ timeout: 60_000 });
      const failures = page.locator('[data-testid="event-type"][data-type="TOKEN_REFRESH_FAILED"]');
      await expect(failures.count()).resolves.toBe(1);
      const row = page.getByRole('row').filter({ has: failures });
      await expect(row.getByTestId('event-actor').textContent()).resolves.toBe('Automatic refresher');
      await expect(row.getByTestId('event-outcome').getAttribute('data-outcome')).resolves.toBe('FAILURE');
      await context.close();
    } finally {
      fixture.idp.setQuirks({});
      fixture.idp.setAccessTokenTtl(3600);
    }
  });
});
