import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_ADMIN_EMAIL, FIXTURE_ADMIN_PASSWORD, startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

/** What the sign-in page loads: compressed, and nothing that only signed-in pages need. */
let fixture: ConsoleFixture;

beforeAll(async () => {
  fixture = await startConsoleFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe('the sign-in page', () => {
  it('loads its JavaScript compressed, without Apollo, the header, toasts or the confirm dialog', async () => {
    const context = await fixture.browser.newContext();
    const page = await context.newPage();
    const scripts: Request[] = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() === 'script') scripts.push(request);
    });
    await page.goto(`${fixture.api.url}/sign-in`, { waitUntil: 'networkidle' });
    await page.locator('#email').waitFor();

    const names = scripts.map((r) => new URL(r.url()).pathname.replace(/^\/assets\//, ''));
    expect(names.length).toBeGreaterThan(0);
    for (const deferred of ['apollo', 'AppHeader', 'toast', 'confirmdialog']) {
      expect(
        names.filter((n) => n.startsWith(`${deferred}-`)),
        deferred,
      ).toEqual([]);
    }
    let transferred = 0;
    for (const request of scripts) {
      const response = await request.response();
      const sizes = await request.sizes();
      transferred += sizes.responseBodySize + sizes.responseHeadersSize;
      expect(response?.headers()['cache-control'], request.url()).toBe('public, max-age=31536000, immutable');
      // Files under 1 KiB are not worth compressing; the build writes .br/.gz for the rest.
      if (Number(response?.headers()['content-length'] ?? sizes.responseBodySize) >= 1024) {
        expect(response?.headers()['content-encoding'], request.url()).toBe('br');
      }
    }
    expect(transferred / 1024).toBeLessThanOrEqual(130);

    // Signing in brings them: the header is there, live updates connect through Apollo.
    await page.locator('#email').fill(FIXTURE_ADMIN_EMAIL);
    await page.locator('#password').fill(FIXTURE_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/connections$/);
    await page.locator('header.gk-header').waitFor();
    expect(scripts.some((r) => new URL(r.url()).pathname.includes('/apollo-'))).toBe(true);
    await context.close();
  });
});
