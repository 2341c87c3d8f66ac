import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

const WIDTH = 390;
const HEIGHT = 844;
let fixture: ConsoleFixture;

beforeAll(async () => {
  fixture = await startConsoleFixture();
});

afterAll(async () => {
  await fixture?.close();
});

async function fullyOnScreen(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  return box !== null && box.x >= 0 && box.x + box.width <= WIDTH;
}

function pageScrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

describe('the connections list on a phone (390 px)', () => {
  it('shows each connection with its status and Manage Authorization on screen, under a compact header', async () => {
    await fixture.createConnection('PHONE_LAYOUT_WITH_A_LONG_CODE');
    const context = await fixture.signedIn({ viewport: { width: WIDTH, height: HEIGHT }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections`);
    const status = page.getByTestId('row-status-PHONE_LAYOUT_WITH_A_LONG_CODE');
    await status.getByText('Not Authorized').waitFor();

    expect(await fullyOnScreen(status.getByTestId('status-badge'))).toBe(true);
    const manage = page.getByRole('link', { name: 'Manage Authorization of PHONE_LAYOUT_WITH_A_LONG_CODE' });
    expect(await fullyOnScreen(manage)).toBe(true);
    expect(await pageScrollsSideways(page)).toBe(false);

    const header = await page.locator('header.gk-header').boundingBox();
    expect(header!.height).toBeLessThan(HEIGHT / 6);

    await manage.tap();
    await page.waitForURL(/\/connections\/PHONE_LAYOUT_WITH_A_LONG_CODE\/authorization$/);
    await context.close();
  });
});
