import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations, themeInitScript, type ThemeName } from './support/axe';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

/**
 * axe-core (WCAG 2.1 A/AA) on every page of the console, in both themes, on a desktop and on a
 * phone: no serious or critical violation anywhere.
 */
let fixture: ConsoleFixture;
const FAILING = 'A11Y_FAILING';
const PLAIN = 'A11Y_PLAIN';

interface ConsolePage {
  name: string;
  path: string;
  /** Shown once the page has its data (so axe sees the page as a person does). */
  ready: string;
  signedIn: boolean;
}

const PAGES: ConsolePage[] = [
  { name: 'sign-in', path: '/sign-in', ready: '#email', signedIn: false },
  { name: 'connections', path: '/connections', ready: `[data-testid="row-refresh-failing-${FAILING}"]`, signedIn: true },
  { name: 'connection card', path: `/connections/${FAILING}`, ready: '[data-testid="connection-form"] #code', signedIn: true },
  { name: 'new connection', path: '/connections/new', ready: '[data-testid="connection-form"] #code', signedIn: true },
  {
    name: 'management',
    path: `/connections/${FAILING}/authorization`,
    ready: '[data-testid="field-status"] [data-status]',
    signedIn: true,
  },
  { name: 'history', path: `/connections/${FAILING}/history`, ready: '[data-testid="event-type"]', signedIn: true },
  { name: 'api keys', path: '/api-keys', ready: '[data-testid="api-keys-table"] td', signedIn: true },
  { name: 'webhooks', path: '/webhooks', ready: '[data-testid="webhooks-table"] td', signedIn: true },
  { name: 'users', path: '/users', ready: '[data-testid="users-list"] [data-testid="user-row-role"]', signedIn: true },
  { name: 'activity', path: '/activity', ready: '[data-testid="event-type"]', signedIn: true },
  { name: 'not found', path: '/no-such-page', ready: 'main h1', signedIn: true },
];

const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
];

beforeAll(async () => {
  fixture = await startConsoleFixture();
  await fixture.createConnection(PLAIN);
  // An expired token whose refresh keeps failing: the red "expired" and "refresh failing" texts.
  await fixture.createConnection(FAILING);
  fixture.idp.setAccessTokenTtl(4);
  fixture.idp.setQuirks({ failRefreshWith: { status: 503 } });
  expect(await fixture.authorize(FAILING)).toContain('result=authorized');
  await fixture.gql('mutation { createApiKey(input: { name: "a11y reader", role: VIEWER }) { key } }');
  await fixture.gql('mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
    i: { url: 'https://hooks.example.com/grantkeeper', events: ['AUTHORIZED'] },
  });
});

afterAll(async () => {
  await fixture?.close();
});

async function contextFor(theme: ThemeName, viewport: { width: number; height: number }, signedIn: boolean): Promise<BrowserContext> {
  const options = { viewport, colorScheme: theme, ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}) } as const;
  const context = signedIn ? await fixture.signedIn(options) : await fixture.browser.newContext(options);
  context.setDefaultTimeout(20_000);
  await context.addInitScript(themeInitScript(theme));
  return context;
}

async function scan(page: Page, target: ConsolePage): Promise<string[]> {
  await page.goto(`${fixture.api.url}${target.path}`);
  await page.locator(target.ready).first().waitFor();
  // Fonts and PrimeVue's theme styles in place (contrast is computed from the final colours).
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return (await seriousViolations(page)).map((line) => `${target.name}: ${line}`);
}

describe.each(['light', 'dark'] as const)('axe on every page, %s theme', (theme) => {
  it.each(VIEWPORTS)('finds no serious or critical violation at $width px', async (viewport) => {
    const found: string[] = [];
    for (const signedIn of [false, true]) {
      const context = await contextFor(theme, viewport, signedIn);
      const page = await context.newPage();
      for (const target of PAGES.filter((p) => p.signedIn === signedIn)) found.push(...(await scan(page, target)));
      await context.close();
    }
    expect(found).toEqual([]);
  });
});
