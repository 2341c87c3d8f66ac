import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

let fixture: ConsoleFixture;

beforeAll(async () => {
  fixture = await startConsoleFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe('the token state a person sees', () => {
  it('an expired token whose refresh keeps failing with HTTP 503 is shown as expired and failing, and Test Token says it is temporary', async () => {
    const code = 'FAILING_503';
    await fixture.createConnection(code);
    fixture.idp.setAccessTokenTtl(4);
    fixture.idp.setQuirks({ failRefreshWith: { status: 503 } });
    expect(await fixture.authorize(code)).toContain('result=authorized');

    const context = await fixture.signedIn();
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections`);
    const row = page.getByTestId(`row-status-${code}`);
    // The refresher's first attempt fails at once (REFRESH_MARGIN_SECONDS=300 > the 4 s lifetime).
    await row.getByTestId(`row-refresh-failing-${code}`).waitFor();
    await row.locator('[data-token-state="EXPIRED"]').waitFor();
    await expect(row.getByTestId('status-badge').textContent()).resolves.toBe('Expired');
    await expect(row.getByTestId(`row-refresh-failing-${code}`).textContent()).resolves.toMatch(
      /Refresh failing since .+, next try at .+503/,
    );

    await page.goto(`${fixture.api.url}/connections/${code}/authorization`);
    const status = page.getByTestId('field-status');
    await status.locator('[data-token-state="EXPIRED"]').waitFor();
    await expect(status.getByTestId('status-badge').textContent()).resolves.toBe('Expired');
    await expect(page.getByTestId('field-refresh-failing').textContent()).resolves.toMatch(/Refresh failing since .+, next try at /);

    await page.getByTestId('action-test').click();
    const outcome = page.getByTestId('action-outcome');
    await outcome.waitFor();
    const message = (await outcome.textContent()) ?? '';
    expect(message).toContain('HTTP 503');
    expect(message).toContain('temporary');
    expect(message).not.toContain('Start Authorization');
    await context.close();
  });
});
