import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestIdp } from './index.js';
import { type Discovery, discover, introspect, obtainTokens, refresh, revoke, str } from './test-support/oauth-client.js';
import type { TestClient, TestIdp } from './types.js';

const client: TestClient = {
  clientId: 'rotating-client',
  clientSecret: 'rotating-secret',
  redirectUris: ['http://localhost:4000/oauth/callback'],
};

describe('test-idp: refresh token rotation, reuse detection and revocation', () => {
  let idp: TestIdp;
  let d: Discovery;

  beforeAll(async () => {
    idp = await startTestIdp({ clients: [client] });
    d = await discover(idp.issuer);
  });
  afterAll(() => idp.close());
  beforeEach(() => idp.resetCounters());

  it('rotates on every refresh; a reused refresh token is rejected and revokes the whole grant', async () => {
    const first = await obtainTokens(idp, d, client);
    const rt1 = str(first.body.refresh_token);

    const second = await refresh(d, client, rt1);
    expect(second.status).toBe(200);
    const rt2 = str(second.body.refresh_token);
    expect(rt2).not.toBe(rt1);
    expect(second.body.access_token).not.toBe(first.body.access_token);

    const third = await refresh(d, client, rt2);
    expect(third.status).toBe(200);
    const rt3 = str(third.body.refresh_token);
    const at3 = str(third.body.access_token);
    expect((await introspect(d, client, at3)).body.active).toBe(true);

    const reuse = await refresh(d, client, rt2);
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');

    // The whole grant is gone: the newest refresh token and access token too.
    const afterRevoke = await refresh(d, client, rt3);
    expect(afterRevoke.status).toBe(400);
    expect(afterRevoke.body.error).toBe('invalid_grant');
    expect((await introspect(d, client, at3)).body.active).toBe(false);

    const c = idp.counters();
    expect(c.refreshTokenReuse).toBe(1);
    expect(c.grantsRevoked).toBe(1);
    expect(c.tokenRequests).toEqual({ authorization_code: 1, refresh_token: 4 });
    expect(c.tokenSuccesses).toEqual({ authorization_code: 1, refresh_token: 2 });
    expect(c.errors).toEqual({ invalid_grant: 2 });
  });

  it('counts a revocation (RFC 7009) and then rejects the revoked refresh token', async () => {
    const tokens = await obtainTokens(idp, d, client);
    const rt = str(tokens.body.refresh_token);
    const revoked = await revoke(d, client, rt, 'refresh_token');
    expect(revoked.status).toBe(200);
    expect(idp.counters().revocations).toBe(1);

    const later = await refresh(d, client, rt);
    expect(later.status).toBe(400);
    expect(later.body.error).toBe('invalid_grant');
    expect(idp.counters().refreshTokenReuse).toBe(0);
    expect((await introspect(d, client, str(tokens.body.access_token))).body.active).toBe(false);
  });

  it('counts revocation of an access token and of an unknown token (RFC 7009 §2.2: both 200)', async () => {
    const tokens = await obtainTokens(idp, d, client);
    expect((await revoke(d, client, str(tokens.body.access_token), 'access_token')).status).toBe(200);
    expect((await revoke(d, client, 'not-a-token')).status).toBe(200);
    expect(idp.counters().revocations).toBe(2);
    // oidc-provider also invalidates the grant's other tokens (RFC 7009 §2.1 allows it).
    expect((await refresh(d, client, str(tokens.body.refresh_token))).body.error).toBe('invalid_grant');
  });

  it('rejects a refresh token presented by another client', async () => {
    const other: TestClient = {
      clientId: 'other-client',
      clientSecret: 'other-secret',
      redirectUris: ['http://localhost:4001/cb'],
    };
    idp.addClient(other);
    const tokens = await obtainTokens(idp, d, client);
    const stolen = await refresh(d, other, str(tokens.body.refresh_token));
    expect(stolen.status).toBe(400);
    expect(stolen.body.error).toBe('invalid_grant');
    expect((await refresh(d, client, str(tokens.body.refresh_token))).status).toBe(200);
  });

  it('lets a client revoke or introspect only its own tokens', async () => {
    const other: TestClient = {
      clientId: 'nosy-client',
      clientSecret: 'nosy-secret',
      redirectUris: ['http://localhost:4002/cb'],
    };
    idp.addClient(other);
    const tokens = await obtainTokens(idp, d, client);
    const accessToken = str(tokens.body.access_token);
    expect((await introspect(d, other, accessToken)).body.active).toBe(false);
    await revoke(d, other, str(tokens.body.refresh_token), 'refresh_token');
    // Still alive: the foreign revocation was refused.
    expect((await introspect(d, client, accessToken)).body.active).toBe(true);
    expect((await refresh(d, client, str(tokens.body.refresh_token))).status).toBe(200);
  });

  it('expires refresh tokens after the configured TTL', async () => {
    idp.setRefreshTokenTtl(1);
    try {
      const tokens = await obtainTokens(idp, d, client);
      // The IdP runs in this process: move its clock past the TTL instead of waiting for it.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2100 });
      const late = await refresh(d, client, str(tokens.body.refresh_token));
      expect(late.status).toBe(400);
      expect(late.body.error).toBe('invalid_grant');
    } finally {
      vi.useRealTimers();
      idp.setRefreshTokenTtl(14 * 24 * 3600);
    }
  });
});
