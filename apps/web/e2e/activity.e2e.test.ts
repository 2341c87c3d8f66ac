/**
 * The Activity page in a real browser against the real API: an admin sees who created and
 * deleted which API key in this workspace (by name and first characters, never the key), and
 * the user administration beside it (the first admin, created at the first start). It is reached
 * from the API keys and Users pages (the header stays compact on a phone), is the admins' alone,
 * and its controls have names at 390 px too.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlabelledControls } from './support/accessibility';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

let fixture: ConsoleFixture;
let rawKeys: string[];
const PASSWORD = 'activity-e2e-password-4b7e';

beforeAll(async () => {
  fixture = await startConsoleFixture();
  const made = async (name: string, role: string) =>
    (
      await fixture.gql<{ createApiKey: { key: string; apiKey: { id: string } } }>(
        `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id } } }`,
        { i: { name, role } },
      )
    ).createApiKey;
  const kept = await made('nightly export', 'VIEWER');
  const gone = await made('old deploy', 'OPERATOR');
  await fixture.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, { id: gone.apiKey.id });
  rawKeys = [kept.key, gone.key];
});

afterAll(async () => {
  await fixture?.close();
});

const rows = (page: Page) => page.getByTestId('history-table').locator('tbody tr');
const types = (page: Page) => page.getByTestId('event-type').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-type')));

/** A new user of `role` (limited to `workspaceSlugs` when given), their own password chosen, signed in in a new context. */
async function signedInAs(email: string, role: string, workspaceSlugs: string[] | null = null): Promise<Page> {
  const { createUser } = await fixture.gql<{ createUser: { oneTimePassword: string } }>(
    `mutation($i: CreateUserInput!) { createUser(input: $i) { oneTimePassword } }`,
    { i: { email, displayName: email, role } },
  );
  if (workspaceSlugs) {
    const { users } = await fixture.gql<{ users: { id: string; email: string }[] }>('query { users { id email } }');
    await fixture.gql(`mutation($id: ID!, $i: UpdateUserInput!) { updateUser(id: $id, input: $i) { id } }`, {
      id: users.find((u) => u.email === email)!.id,
      i: { workspaceSlugs },
    });
  }
  const context = await fixture.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${fixture.api.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(createUser.oneTimePassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === '/change-password');
  await page.getByLabel('One-time password').fill(createUser.oneTimePassword);
  await page.getByLabel('New password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Repeat the new password').fill(PASSWORD);
  await page.getByTestId('password-submit').click();
  await page.waitForURL((url) => url.pathname === '/connections');
  return page;
}

describe('the Activity page', () => {
  it("shows an admin who created and deleted which API key, and the users' administration, newest first", async () => {
    const context = await fixture.signedIn();
    const page = await context.newPage();
    try {
      await page.goto(`${fixture.api.url}/api-keys`);
      await page.getByTestId('activity-link').click();
      await page.waitForURL((url) => url.pathname === '/activity');
      await rows(page).filter({ hasText: 'old deploy' }).first().waitFor();
      expect(await types(page)).toEqual(['API_KEY_DELETED', 'API_KEY_CREATED', 'API_KEY_CREATED', 'USER_CREATED']);
      const deleted = rows(page).nth(0);
      await expect(deleted.getByTestId('event-type').textContent()).resolves.toBe('API key deleted');
      await expect(deleted.textContent()).resolves.toContain('Deleted API key "old deploy" (gk_');
      await expect(rows(page).nth(3).getByTestId('event-actor').textContent()).resolves.toBe('first start');
      for (const key of rawKeys) expect(await page.content()).not.toContain(key);

      await page.getByTestId('activity-scope').click();
      await page.getByRole('option', { name: 'Users only' }).click();
      await expect.poll(() => types(page)).toEqual(['USER_CREATED']);
      await page.getByTestId('activity-scope').click();
      await page.getByRole('option', { name: 'API keys only' }).click();
      await expect.poll(() => types(page)).toEqual(['API_KEY_DELETED', 'API_KEY_CREATED', 'API_KEY_CREATED']);
    } finally {
      await context.close();
    }
  });

  it('is for admins only: an OPERATOR is sent to the connections', async () => {
    const page = await signedInAs('op@example.test', 'OPERATOR');
    try {
      await page.goto(`${fixture.api.url}/activity`);
      await page.waitForURL((url) => url.pathname === '/connections');
    } finally {
      await page.context().close();
    }
  });

  it('shows an admin of some workspaces the API key events alone, without the choice of kind', async () => {
    const page = await signedInAs('limited@example.test', 'ADMIN', ['default']);
    try {
      await page.goto(`${fixture.api.url}/activity`);
      await page.getByTestId('event-type').first().waitFor();
      expect(await types(page)).toEqual(['API_KEY_DELETED', 'API_KEY_CREATED', 'API_KEY_CREATED']);
      await expect(page.getByTestId('activity-scope').count()).resolves.toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('names every control at 390 px', async () => {
    const context = await fixture.signedIn({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    try {
      await page.goto(`${fixture.api.url}/activity`);
      await page.getByTestId('event-type').first().waitFor();
      expect(await unlabelledControls(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
