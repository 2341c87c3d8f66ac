import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizationFlowError, ProviderError } from '../errors.js';
import { RESOURCE, authorize, handleCallback, newConnection, startAndConsent, startHarness, type Harness } from '../testing/idp-harness.js';
import { ManualClock } from '../testing/memory-ports.js';
import type { TokenEndpointAuthMethod } from '../types.js';
import { discoverProvider } from './discovery.js';
import { refreshTokenSet } from './refresh.js';
import { revokeTokenSet } from './revoke.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());

describe('discovery against the test IdP', () => {
  it('finds the endpoints and the RFC 9207 flag through RFC 8414 metadata', () => {
    const { idp, metadata } = harness;
    expect(metadata).toMatchObject({
      issuer: idp.issuer,
      authorizationEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//),
      tokenEndpoint: idp.url('/token'),
      revocationEndpoint: idp.url('/token/revocation'),
      issParameterSupported: true,
    });
    expect(metadata.tokenEndpointAuthMethodsSupported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'none']),
    );
  });

  it('fails with DISCOVERY_FAILED for an address without metadata or with another issuer', async () => {
    await expect(discoverProvider(`${harness.idp.issuer}/nothing-here`)).rejects.toMatchObject({
      code: 'DISCOVERY_FAILED',
    });
    await expect(discoverProvider('http://127.0.0.1:1')).rejects.toMatchObject({
      code: 'DISCOVERY_FAILED',
    });
    await expect(discoverProvider('http://example.test')).rejects.toMatchObject({
      code: 'DISCOVERY_FAILED',
    });
  });
});

describe.each<TokenEndpointAuthMethod>(['client_secret_basic', 'client_secret_post', 'none'])('the full flow with %s', (method) => {
  it('authorizes, refreshes twice with rotation, and revokes', async () => {
    const provider = harness.provider(method);
    const connection = newConnection();
    harness.idp.resetCounters();

    const tokens = await authorize(harness, connection, provider);
    expect(tokens).toMatchObject({
      tokenType: 'bearer',
      scopes: expect.arrayContaining(['openid', 'api.read']),
      refreshToken: expect.any(String),
      idToken: expect.any(String),
    });
    expect(tokens.expiresAt!.getTime() - tokens.obtainedAt.getTime()).toBe(3600_000);
    expect(connection.flows.flows.size).toBe(0);
    expect(connection.state.peek(RESOURCE)).toMatchObject({ version: 1, status: 'AUTHORIZED' });

    const first = await refreshTokenSet({ provider, current: tokens });
    const second = await refreshTokenSet({ provider, current: first });
    expect(first.refreshToken).not.toBe(tokens.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(harness.idp.counters()).toMatchObject({
      tokenRequests: { authorization_code: 1, refresh_token: 2 },
      refreshTokenReuse: 0,
    });

    // The rotated-out refresh token is dead (and presenting it is reuse).
    const reused = await refreshTokenSet({ provider, current: tokens }).catch((e: unknown) => e);
    expect(reused).toMatchObject({ code: 'REAUTHORIZATION_REQUIRED', error: 'invalid_grant' });
  });
});

describe('a provider configured without its issuer (e.g. multi-tenant Entra ID)', () => {
  const noIssuer = () => ({ ...harness.provider('client_secret_basic'), issuer: undefined, issParameterSupported: false });

  it('completes with openid when the provider sends no iss, drops the unverifiable ID token, and refreshes', async () => {
    const provider = noIssuer();
    const connection = newConnection();
    const callback = await startAndConsent(harness, connection, provider);
    // A provider without RFC 9207 (the test IdP always sends iss): the same callback without it.
    callback.searchParams.delete('iss');
    const tokens = await handleCallback(connection, provider, callback);
    expect(tokens.idToken).toBeNull();
    expect(tokens.refreshToken).toEqual(expect.any(String));
    const refreshed = await refreshTokenSet({ provider, current: tokens });
    expect(refreshed.idToken).toBeNull();
    expect(refreshed.refreshToken).not.toBe(tokens.refreshToken);
  });

  it('refuses any iss it cannot vouch for, before the code is exchanged (mix-up defence)', async () => {
    for (const iss of ['https://attacker.example', harness.idp.issuer]) {
      const provider = noIssuer();
      const connection = newConnection();
      const callback = await startAndConsent(harness, connection, provider);
      callback.searchParams.set('iss', iss);
      harness.idp.resetCounters();
      const error = await handleCallback(connection, provider, callback).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthorizationFlowError);
      expect(error).toMatchObject({ code: 'ISSUER_MISMATCH' });
      expect(harness.idp.counters().tokenRequests['authorization_code'] ?? 0).toBe(0);
    }
  });
});

describe('revoke', () => {
  it('revokes the refresh token then the access token; a later refresh needs reauthorization', async () => {
    const provider = harness.provider('client_secret_post');
    const connection = newConnection();
    const tokens = await authorize(harness, connection, provider);
    harness.idp.resetCounters();

    const outcome = await revokeTokenSet({ provider, tokens });
    expect(outcome).toEqual({
      attempted: true,
      results: [
        { tokenTypeHint: 'refresh_token', ok: true },
        { tokenTypeHint: 'access_token', ok: true },
      ],
    });
    expect(harness.idp.counters().revocations).toBe(2);

    const error = await refreshTokenSet({ provider, current: tokens }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'REAUTHORIZATION_REQUIRED',
      publicCode: 'REAUTHORIZATION_REQUIRED',
    });
  });

  it('reports, without throwing, when the revocation endpoint cannot be reached', async () => {
    const provider = {
      ...harness.provider('client_secret_post'),
      revocationEndpoint: 'http://127.0.0.1:1/revoke',
    };
    const connection = newConnection();
    const tokens = await authorize(harness, connection, provider);
    const outcome = await revokeTokenSet({ provider, tokens });
    expect(outcome.attempted).toBe(true);
    expect(outcome.results.map((r) => r.ok)).toEqual([false, false]);
  });
});

describe('code exchange failures', () => {
  it('a wrong client secret is a PROVIDER_ERROR that names neither the secret nor the code', async () => {
    const provider = {
      ...harness.provider('client_secret_basic'),
      clientSecret: 'wrong-secret-value',
    };
    const connection = newConnection();
    const callback = await startAndConsent(harness, connection, provider);
    const error = await handleCallback(connection, provider, callback).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'PROVIDER_ERROR', status: 401, transient: false });
    const text = `${(error as Error).message} ${JSON.stringify(error)}`;
    expect(text).not.toContain('wrong-secret-value');
    expect(text).not.toContain(callback.searchParams.get('code'));
    expect(connection.state.writes).toHaveLength(0);
  });
});

describe('callback rejections: typed errors, nothing exchanged, nothing stored', () => {
  async function expectRejected(
    run: (ctx: { connection: ReturnType<typeof newConnection>; callback: URL }) => Promise<unknown>,
    code: string,
    prepare: { interaction?: 'deny'; clock?: ManualClock } = {},
  ): Promise<AuthorizationFlowError> {
    const provider = harness.provider();
    const connection = newConnection();
    if (prepare.interaction) harness.idp.setInteraction(prepare.interaction);
    let callback: URL;
    try {
      callback = await startAndConsent(harness, connection, provider, { clock: prepare.clock });
    } finally {
      harness.idp.setInteraction('auto');
    }
    harness.idp.resetCounters();
    const takesBefore = connection.flows.takes;
    const error = await run({ connection, callback }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizationFlowError);
    expect(error).toMatchObject({ code });
    // Nothing exchanged at the IdP, nothing written to the state port, the flow store changed only
    // by single takes.
    expect(harness.idp.counters().tokenRequests.authorization_code ?? 0).toBe(0);
    expect(connection.state.writes).toHaveLength(0);
    expect(connection.flows.saves).toBe(1);
    expect(connection.flows.takes - takesBefore).toBeLessThanOrEqual(1);
    const message = (error as Error).message;
    for (const secret of [callback.searchParams.get('code'), callback.searchParams.get('state')]) {
      if (secret) expect(message).not.toContain(secret);
    }
    return error as AuthorizationFlowError;
  }

  const provider = () => harness.provider();

  it('forged state', async () => {
    await expectRejected(async ({ connection, callback }) => {
      callback.searchParams.set('state', 'forged-state-value');
      await handleCallback(connection, provider(), callback);
    }, 'INVALID_STATE');
  });

  it('replayed state (the second use of a callback that already succeeded)', async () => {
    const connection = newConnection();
    const callback = await startAndConsent(harness, connection, provider());
    await handleCallback(connection, provider(), callback);
    harness.idp.resetCounters();
    const error = await handleCallback(connection, provider(), callback).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_STATE' });
    expect(harness.idp.counters().tokenRequests.authorization_code ?? 0).toBe(0);
    expect(connection.state.writes).toHaveLength(1);
  });

  it('expired state', async () => {
    const clock = new ManualClock(new Date());
    await expectRejected(
      async ({ connection, callback }) => {
        clock.advance(10 * 60 * 1000 + 1);
        await handleCallback(connection, provider(), callback, { clock });
      },
      'FLOW_EXPIRED',
      { clock },
    );
  });

  it('wrong iss', async () => {
    await expectRejected(async ({ connection, callback }) => {
      expect(callback.searchParams.get('iss')).toBe(harness.idp.issuer);
      callback.searchParams.set('iss', 'https://attacker.example');
      await handleCallback(connection, provider(), callback);
    }, 'ISSUER_MISMATCH');
  });

  it('missing iss from a provider that advertises it', async () => {
    await expectRejected(async ({ connection, callback }) => {
      callback.searchParams.delete('iss');
      await handleCallback(connection, provider(), callback);
    }, 'ISSUER_MISMATCH');
  });

  it('access_denied, with the provider description', async () => {
    const error = await expectRejected(
      async ({ connection, callback }) => {
        expect(callback.searchParams.get('error')).toBe('access_denied');
        await handleCallback(connection, provider(), callback);
      },
      'ACCESS_DENIED',
      { interaction: 'deny' },
    );
    expect(error.error).toBe('access_denied');
  });

  it('missing code', async () => {
    await expectRejected(async ({ connection, callback }) => {
      callback.searchParams.delete('code');
      await handleCallback(connection, provider(), callback);
    }, 'MISSING_CODE');
  });

  it('another signed-in user', async () => {
    await expectRejected(async ({ connection, callback }) => {
      await handleCallback(connection, provider(), callback, { currentUserId: 'mallory' });
    }, 'INVALID_STATE');
  });
});
