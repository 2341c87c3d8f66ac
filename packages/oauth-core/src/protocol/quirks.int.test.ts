import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RefreshCoordinator } from '../coordinator/refresh-coordinator.js';
import { ProviderError } from '../errors.js';
import { RESOURCE, authorize, newConnection, startHarness, type Harness } from '../testing/idp-harness.js';
import { MemoryLeasePort } from '../testing/memory-ports.js';
import type { ProviderConfig, TokenSet } from '../types.js';
import { refreshTokenSet } from './refresh.js';

let harness: Harness;
let provider: ProviderConfig;

beforeAll(async () => {
  harness = await startHarness();
  provider = harness.provider('client_secret_post');
});
afterAll(() => harness.close());
afterEach(() => harness.idp.setQuirks({}));

async function authorized(): Promise<{
  tokens: TokenSet;
  connection: ReturnType<typeof newConnection>;
}> {
  const connection = newConnection();
  const tokens = await authorize(harness, connection, provider);
  return { tokens, connection };
}

describe('provider quirks over real HTTP, normalised in one place', () => {
  it.each(['upper', 'mixed'] as const)('token_type in %s case becomes "bearer" (code and refresh)', async (tokenTypeCase) => {
    harness.idp.setQuirks({ tokenTypeCase });
    const { tokens } = await authorized();
    expect(tokens.tokenType).toBe('bearer');
    const refreshed = await refreshTokenSet({ provider, current: tokens });
    expect(refreshed.tokenType).toBe('bearer');
  });

  it('expires_in as a string is read as seconds', async () => {
    harness.idp.setQuirks({ expiresInAs: 'string' });
    const { tokens } = await authorized();
    expect(tokens.expiresAt!.getTime() - tokens.obtainedAt.getTime()).toBe(3600_000);
  });

  it('a missing expires_in means no known expiry', async () => {
    harness.idp.setQuirks({ expiresInAs: 'missing' });
    const { tokens } = await authorized();
    expect(tokens.expiresAt).toBeNull();
    const refreshed = await refreshTokenSet({ provider, current: tokens });
    expect(refreshed.expiresAt).toBeNull();
  });

  it('no refresh_token on refresh keeps the previous one, which keeps working', async () => {
    const { tokens } = await authorized();
    harness.idp.setQuirks({ omitRefreshTokenOnRefresh: true });
    const first = await refreshTokenSet({ provider, current: tokens });
    expect(first.refreshToken).toBe(tokens.refreshToken);
    expect(first.accessToken).not.toBe(tokens.accessToken);
    const second = await refreshTokenSet({ provider, current: first });
    expect(second.refreshToken).toBe(tokens.refreshToken);
  });

  it('refresh_token_expires_in sets the refresh token expiry', async () => {
    harness.idp.setQuirks({ refreshTokenExpiresIn: 86_400 });
    const { tokens } = await authorized();
    expect(tokens.refreshTokenExpiresAt!.getTime() - tokens.obtainedAt.getTime()).toBe(86_400_000);
  });

  it('an invalid_grant inside an HTTP 200 body is REAUTHORIZATION_REQUIRED, stored by the coordinator', async () => {
    const { connection } = await authorized();
    harness.idp.setQuirks({ errorIn200OnRefresh: 'invalid_grant' });
    const coordinator = new RefreshCoordinator({
      lease: new MemoryLeasePort(),
      state: connection.state,
    });
    const error = await coordinator.refresh(RESOURCE, (current) => refreshTokenSet({ provider, current })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'REAUTHORIZATION_REQUIRED',
      error: 'invalid_grant',
      status: 400,
    });
    expect(connection.state.peek(RESOURCE)).toMatchObject({
      status: 'REAUTHORIZATION_REQUIRED',
      statusReason: expect.stringContaining('invalid_grant'),
    });
  });

  it('another error inside an HTTP 200 body is a PROVIDER_ERROR', async () => {
    const { tokens } = await authorized();
    harness.idp.setQuirks({ errorIn200OnRefresh: 'unauthorized_client' });
    await expect(refreshTokenSet({ provider, current: tokens })).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      error: 'unauthorized_client',
      transient: false,
    });
  });

  it.each([
    [503, 7],
    [429, 30],
  ])('HTTP %i with Retry-After %is is transient with retryAfterMs; the state is unchanged', async (status, seconds) => {
    const { connection, tokens } = await authorized();
    harness.idp.setQuirks({ failRefreshWith: { status, retryAfterSeconds: seconds } });
    const coordinator = new RefreshCoordinator({
      lease: new MemoryLeasePort(),
      state: connection.state,
    });
    const error = await coordinator.refresh(RESOURCE, (current) => refreshTokenSet({ provider, current })).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      transient: true,
      status,
      retryAfterMs: seconds * 1000,
    });
    expect(connection.state.writes).toHaveLength(1); // only the authorization itself
    expect(connection.state.peek(RESOURCE)).toMatchObject({ version: 1, status: 'AUTHORIZED' });

    // Once the provider recovers, the untouched refresh token still works.
    harness.idp.setQuirks({});
    const recovered = await coordinator.refresh(RESOURCE, (current) => refreshTokenSet({ provider, current }));
    expect(recovered.tokens?.refreshToken).not.toBe(tokens.refreshToken);
  });

  it('an unreachable token endpoint is transient without a status', async () => {
    const { tokens } = await authorized();
    const offline = { ...provider, tokenEndpoint: 'http://127.0.0.1:1/token' };
    await expect(refreshTokenSet({ provider: offline, current: tokens })).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      transient: true,
      status: undefined,
    });
  });
});
