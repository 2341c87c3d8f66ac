/**
 * The management page shows requested against granted scopes and warns when the provider
 * granted fewer, against the real test IdP: it drops a scope nobody registered, and it drops
 * `offline_access` unless the request asks for consent (`prompt=consent`), as oidc-provider does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CLIENT_ID, FIXTURE_CLIENT_SECRET, startConsoleFixture, type ConsoleFixture } from './support/console-fixture';

let fixture: ConsoleFixture;

async function createConnection(code: string, scopes: string[], extra: Array<{ key: string; value: string }> = []): Promise<void> {
  await fixture.gql('mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code } }', {
    i: {
      code,
      name: `${code} API`,
      authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
      oauth2: {
        issuer: fixture.idp.issuer,
        authorizationEndpoint: fixture.idp.url('/auth'),
        tokenEndpoint: fixture.idp.url('/token'),
        clientId: FIXTURE_CLIENT_ID,
        clientSecret: FIXTURE_CLIENT_SECRET,
        scopes,
        extraAuthorizationParams: extra,
      },
    },
  });
  expect(await fixture.authorize(code)).toContain('result=authorized');
}

beforeAll(async () => {
  fixture = await startConsoleFixture();
});

afterAll(async () => {
  await fixture?.close();
});

describe('requested against granted scopes', () => {
  it('warns that offline_access was dropped (no refresh token will come) and names a scope the provider refused', async () => {
    await createConnection('SCOPES_DROPPED', ['openid', 'offline_access', 'api.read', 'never.registered']);
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections/SCOPES_DROPPED/authorization`);
    const warning = page.getByTestId('scope-warning');
    await warning.waitFor();
    const text = (await warning.textContent()) ?? '';
    expect(text).toContain('offline_access, never.registered were not granted');
    expect(text).toContain('no refresh token will come');
    await expect(page.getByTestId('scope-api.read').getAttribute('data-granted')).resolves.toBe('true');
    await expect(page.getByTestId('scope-offline_access').textContent()).resolves.toContain('requested, not granted');
    await expect(page.getByTestId('scope-never.registered').getAttribute('data-granted')).resolves.toBe('false');
    await context.close();
  });

  it('shows no warning when everything requested was granted', async () => {
    await createConnection('SCOPES_ALL', ['openid', 'offline_access', 'api.read'], [{ key: 'prompt', value: 'consent' }]);
    const context = await fixture.signedIn();
    const page = await context.newPage();
    await page.goto(`${fixture.api.url}/connections/SCOPES_ALL/authorization`);
    await page.locator('[data-testid="scope-offline_access"][data-granted="true"]').waitFor();
    await expect(page.getByTestId('scope-warning').count()).resolves.toBe(0);
    await context.close();
  });
});
