import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp } from './index.js';
import {
  authorizationUrl,
  type Discovery,
  discover,
  exchangeCode,
  introspect,
  obtainTokens,
  pkcePair,
  str,
} from './test-support/oauth-client.js';
import type { TestClient, TestIdp } from './types.js';

const basic: TestClient = {
  clientId: 'basic-client',
  clientSecret: 'basic-secret',
  redirectUris: ['http://localhost:4000/oauth/callback'],
  name: 'Basic Client',
};

describe('test-idp: discovery and the authorization code flow (auto mode)', () => {
  let idp: TestIdp;
  let d: Discovery;

  beforeAll(async () => {
    idp = await startTestIdp({
      clients: [basic],
      accounts: [
        { id: 'alice', password: 'wonderland', email: 'alice@example.test' },
        { id: 'bob', password: 'builder' },
      ],
    });
    d = await discover(idp.issuer);
  });
  afterAll(() => idp.close());

  it('serves discovery for its issuer (RFC 8414, OpenID Discovery)', async () => {
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(d.issuer).toBe(idp.issuer);
    expect(d.token_endpoint).toBe(idp.url('/token'));
    expect(d.revocation_endpoint).toBe(idp.url('/token/revocation'));
    expect(d.introspection_endpoint).toBe(idp.url('/token/introspection'));
    expect(d.code_challenge_methods_supported).toEqual(['S256']);
    expect(d.authorization_response_iss_parameter_supported).toBe(true);
    expect(d.scopes_supported).toEqual(expect.arrayContaining(['openid', 'offline_access', 'profile', 'email', 'api.read']));
    expect(d.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'none']));
    const oauth = await fetch(idp.url('/.well-known/oauth-authorization-server'));
    expect(oauth.status).toBe(200);
  });

  it('runs the full code flow with PKCE and issues access + refresh tokens for a plain API scope', async () => {
    idp.resetCounters();
    const { verifier, challenge } = pkcePair();
    const callback = await idp.authorize(authorizationUrl(d, basic, { state: 'state-123', challenge }));
    expect(`${callback.origin}${callback.pathname}`).toBe('http://localhost:4000/oauth/callback');
    expect(callback.searchParams.get('state')).toBe('state-123');
    expect(callback.searchParams.get('iss')).toBe(idp.issuer);
    const code = str(callback.searchParams.get('code'));

    const tokens = await exchangeCode(d, basic, code, verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'api.read',
    });
    expect(typeof tokens.body.access_token).toBe('string');
    expect(typeof tokens.body.refresh_token).toBe('string');

    const replay = await exchangeCode(d, basic, code, verifier);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');

    expect(idp.counters().tokenRequests).toEqual({ authorization_code: 2 });
    expect(idp.counters().errors).toEqual({ invalid_grant: 1 });
  });

  it('rejects a wrong code_verifier', async () => {
    const { challenge } = pkcePair();
    const callback = await idp.authorize(authorizationUrl(d, basic, { challenge }));
    const tokens = await exchangeCode(d, basic, str(callback.searchParams.get('code')), pkcePair().verifier);
    expect(tokens.status).toBe(400);
    expect(tokens.body.error).toBe('invalid_grant');
  });

  it('rejects an authorization request without code_challenge, and the plain method', async () => {
    const without = await idp.authorize(authorizationUrl(d, basic, { challenge: null, state: 's1' }));
    expect(without.searchParams.get('error')).toBe('invalid_request');
    expect(without.searchParams.get('code')).toBeNull();
    expect(without.searchParams.get('state')).toBe('s1');

    const plain = await idp.authorize(authorizationUrl(d, basic, { challenge: 'x'.repeat(43), method: 'plain' }));
    expect(plain.searchParams.get('error')).toBe('invalid_request');
  });

  it('drops offline_access without prompt=consent (OpenID Core §11) but issues a refresh token either way', async () => {
    const without = await obtainTokens(idp, d, basic, { scope: 'api.read offline_access' });
    expect(without.body.scope).toBe('api.read');
    expect(typeof without.body.refresh_token).toBe('string');
    const withConsent = await obtainTokens(idp, d, basic, {
      scope: 'api.read offline_access',
      extra: { prompt: 'consent' },
    });
    expect(withConsent.body.scope).toBe('api.read offline_access');
    expect(typeof withConsent.body.refresh_token).toBe('string');
  });

  it('issues an id_token with openid and logs in the account asked for', async () => {
    const tokens = await obtainTokens(idp, d, basic, {
      scope: 'openid profile email api.read',
      accountId: 'bob',
    });
    expect(tokens.status).toBe(200);
    expect(typeof tokens.body.id_token).toBe('string');
    const claims = JSON.parse(Buffer.from(str(tokens.body.id_token).split('.')[1] ?? '', 'base64url').toString()) as {
      sub: string;
    };
    expect(claims.sub).toBe('bob');

    const url = authorizationUrl(d, basic, { challenge: pkcePair().challenge });
    await expect(idp.authorize(url, { accountId: 'mallory' })).rejects.toThrow(/HTTP 400: unknown test account mallory/);
  });

  it('registers clients at run time with client_secret_post and none', async () => {
    const post: TestClient = {
      clientId: 'post-client',
      clientSecret: 'post-secret',
      tokenEndpointAuthMethod: 'client_secret_post',
      redirectUris: ['http://127.0.0.1:5000/cb'],
      scopes: ['reports.export'],
    };
    const pub: TestClient = {
      clientId: 'public-client',
      tokenEndpointAuthMethod: 'none',
      redirectUris: ['http://localhost:5001/cb'],
    };
    idp.addClient(post);
    idp.addClient(pub);

    const postTokens = await obtainTokens(idp, d, post, { scope: 'reports.export api.read' });
    expect(postTokens.status).toBe(200);
    expect(postTokens.body.scope).toBe('reports.export api.read');
    // A scope nobody registered is dropped, not granted.
    const unknown = await obtainTokens(idp, d, post, { scope: 'api.read never.registered' });
    expect(unknown.body.scope).toBe('api.read');

    const pubTokens = await obtainTokens(idp, d, pub);
    expect(pubTokens.status).toBe(200);
    expect(typeof pubTokens.body.refresh_token).toBe('string');

    const wrongSecret = await obtainTokens(idp, d, { ...post, clientSecret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.body.error).toBe('invalid_client');
  });

  it('counts introspections and applies TTL changes to later grants', async () => {
    idp.resetCounters();
    idp.setAccessTokenTtl(120);
    idp.setRefreshTokenTtl(600);
    try {
      const tokens = await obtainTokens(idp, d, basic);
      expect(tokens.body.expires_in).toBe(120);
      const rt = await introspect(d, basic, str(tokens.body.refresh_token));
      expect(rt.body).toMatchObject({ active: true, sub: 'alice', client_id: 'basic-client' });
      expect(Number(rt.body.exp) - Number(rt.body.iat)).toBe(600);
      const at = await introspect(d, basic, str(tokens.body.access_token));
      expect(at.body).toMatchObject({ active: true, scope: 'api.read' });
      expect(idp.counters().introspections).toBe(2);
    } finally {
      idp.setAccessTokenTtl(3600);
      idp.setRefreshTokenTtl(14 * 24 * 3600);
    }
  });

  it('ends the flow with access_denied at the redirect URI in deny mode', async () => {
    idp.setInteraction('deny');
    try {
      const callback = await idp.authorize(authorizationUrl(d, basic, { state: 'st', challenge: pkcePair().challenge }));
      expect(`${callback.origin}${callback.pathname}`).toBe('http://localhost:4000/oauth/callback');
      expect(callback.searchParams.get('error')).toBe('access_denied');
      expect(callback.searchParams.get('state')).toBe('st');
      expect(callback.searchParams.get('iss')).toBe(idp.issuer);
      expect(callback.searchParams.get('code')).toBeNull();
    } finally {
      idp.setInteraction('auto');
    }
  });

  it('authorize() reports an IdP error page (unknown client) without a redirect', async () => {
    const url = authorizationUrl(d, { ...basic, clientId: 'unknown-client' }, { challenge: pkcePair().challenge });
    await expect(idp.authorize(url)).rejects.toThrow(/HTTP 400: error: invalid_client/);
  });

  it('authorize() explains that ui mode needs a browser', async () => {
    idp.setInteraction('ui');
    try {
      await expect(idp.authorize(authorizationUrl(d, basic, { challenge: pkcePair().challenge }))).rejects.toThrow(
        /HTTP 200.*'ui' needs a browser/,
      );
    } finally {
      idp.setInteraction('auto');
    }
  });
});
