import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestIdp } from './index.js';
import { type Discovery, discover, obtainTokens, refresh, str } from './test-support/oauth-client.js';
import type { TestClient, TestIdp } from './types.js';

const client: TestClient = {
  clientId: 'quirky-client',
  clientSecret: 'quirky-secret',
  tokenEndpointAuthMethod: 'client_secret_post',
  redirectUris: ['http://localhost:4000/oauth/callback'],
};

describe('test-idp: token response quirks over real HTTP', () => {
  let idp: TestIdp;
  let d: Discovery;

  beforeAll(async () => {
    idp = await startTestIdp({ clients: [client] });
    d = await discover(idp.issuer);
  });
  afterAll(() => idp.close());
  beforeEach(() => idp.resetCounters());
  afterEach(() => idp.setQuirks({}));

  it('conforms when no quirk is set', async () => {
    const tokens = await obtainTokens(idp, d, client);
    expect(tokens.body.token_type).toBe('Bearer');
    expect(tokens.body.expires_in).toBe(3600);
    expect(tokens.body).not.toHaveProperty('refresh_token_expires_in');
  });

  it.each([
    ['upper', 'BEARER'],
    ['lower', 'bearer'],
    ['mixed', 'BeArEr'],
  ] as const)('tokenTypeCase %s gives token_type %s', async (tokenTypeCase, expected) => {
    idp.setQuirks({ tokenTypeCase });
    const tokens = await obtainTokens(idp, d, client);
    expect(tokens.status).toBe(200);
    expect(tokens.body.token_type).toBe(expected);
    const refreshed = await refresh(d, client, str(tokens.body.refresh_token));
    expect(refreshed.body.token_type).toBe(expected);
  });

  it('expiresInAs string and missing', async () => {
    idp.setQuirks({ expiresInAs: 'string' });
    expect((await obtainTokens(idp, d, client)).body.expires_in).toBe('3600');
    idp.setQuirks({ expiresInAs: 'missing' });
    const tokens = await obtainTokens(idp, d, client);
    expect(tokens.body).not.toHaveProperty('expires_in');
    expect(typeof tokens.body.access_token).toBe('string');
  });

  it('omitRefreshTokenOnRefresh leaves refresh_token out and keeps the old one valid (no rotation)', async () => {
    const tokens = await obtainTokens(idp, d, client);
    const rt = str(tokens.body.refresh_token);
    idp.setQuirks({ omitRefreshTokenOnRefresh: true });
    const first = await refresh(d, client, rt);
    expect(first.status).toBe(200);
    expect(first.body).not.toHaveProperty('refresh_token');
    const second = await refresh(d, client, rt);
    expect(second.status).toBe(200);
    expect(second.body.access_token).not.toBe(first.body.access_token);
    expect(idp.counters().refreshTokenReuse).toBe(0);
    // The code exchange still carries a refresh token.
    expect(typeof (await obtainTokens(idp, d, client)).body.refresh_token).toBe('string');
  });

  it('refreshTokenExpiresIn adds refresh_token_expires_in where a refresh token is returned', async () => {
    idp.setQuirks({ refreshTokenExpiresIn: 7200 });
    const tokens = await obtainTokens(idp, d, client);
    expect(tokens.body.refresh_token_expires_in).toBe(7200);
    const refreshed = await refresh(d, client, str(tokens.body.refresh_token));
    expect(refreshed.body.refresh_token_expires_in).toBe(7200);
  });

  it('errorIn200OnRefresh answers HTTP 200 with an error body and does not use the refresh token', async () => {
    const tokens = await obtainTokens(idp, d, client);
    const rt = str(tokens.body.refresh_token);
    idp.setQuirks({ errorIn200OnRefresh: 'invalid_grant' });
    const answer = await refresh(d, client, rt);
    expect(answer.status).toBe(200);
    expect(answer.body.error).toBe('invalid_grant');
    expect(typeof answer.body.error_description).toBe('string');
    expect(answer.body).not.toHaveProperty('access_token');
    // Code exchanges are untouched while the quirk is on (the body is read before oidc-provider).
    expect((await obtainTokens(idp, d, client)).status).toBe(200);
    idp.setQuirks({});
    expect((await refresh(d, client, rt)).status).toBe(200);
    expect(idp.counters().tokenRequests.refresh_token).toBe(2);
    expect(idp.counters().errors).toEqual({ invalid_grant: 1 });
  });

  it('holdRefresh answers refresh grants once it settles, and only them', async () => {
    const tokens = await obtainTokens(idp, d, client);
    let release!: () => void;
    idp.setQuirks({ holdRefresh: new Promise<void>((resolve) => (release = resolve)) });
    let answered = false;
    const held = refresh(d, client, str(tokens.body.refresh_token)).then((answer) => ((answered = true), answer));
    // A code exchange meanwhile is answered at once.
    expect((await obtainTokens(idp, d, client)).status).toBe(200);
    expect(answered).toBe(false);
    release();
    expect((await held).status).toBe(200);
    expect(idp.counters().tokenSuccesses.refresh_token).toBe(1);
  });

  it.each([
    [503, undefined],
    [429, 30],
  ])('failRefreshWith %i (Retry-After %s) answers temporarily_unavailable without using the token', async (status, retryAfterSeconds) => {
    const tokens = await obtainTokens(idp, d, client);
    const rt = str(tokens.body.refresh_token);
    idp.setQuirks({ failRefreshWith: { status, retryAfterSeconds } });
    const answer = await refresh(d, client, rt);
    expect(answer.status).toBe(status);
    expect(answer.body.error).toBe('temporarily_unavailable');
    expect(answer.headers.get('retry-after')).toBe(retryAfterSeconds === undefined ? null : String(retryAfterSeconds));
    idp.setQuirks({});
    const later = await refresh(d, client, rt);
    expect(later.status).toBe(200);
    expect(idp.counters().refreshTokenReuse).toBe(0);
    expect(idp.counters().errors).toEqual({ temporarily_unavailable: 1 });
  });
});
