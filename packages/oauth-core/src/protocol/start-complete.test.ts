import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuthorizationFlowError } from '../errors.js';
import type { PendingFlow } from '../ports.js';
import { ManualClock, MemoryPendingFlowStore } from '../testing/memory-ports.js';
import type { ProviderConfig } from '../types.js';
import { TokenVault, generateMasterKey, parseMasterKey } from '../vault/index.js';
import { completeAuthorization } from './complete.js';
import { startAuthorization } from './start.js';

const provider: ProviderConfig = {
  issuer: 'https://as.example',
  authorizationEndpoint: 'https://as.example/authorize?tenant=t1',
  tokenEndpoint: 'https://as.example/token',
  clientId: 'client-1',
  clientSecret: 'secret',
  tokenEndpointAuthMethod: 'client_secret_post',
  scopes: ['openid', 'offline_access', 'api.read'],
  extraAuthorizationParams: { prompt: 'consent' },
  quirks: { offlineAccessParams: { access_type: 'offline' } },
};
const key = { workspaceId: 'ws-1', connectionId: 'conn-1' };
const redirectUri = 'http://127.0.0.1:4000/oauth/callback';

function setup(overrides: Partial<ProviderConfig> = {}) {
  const flows = new MemoryPendingFlowStore();
  const vault = new TokenVault({ activeKey: parseMasterKey(generateMasterKey()) });
  const clock = new ManualClock();
  const p = { ...provider, ...overrides };
  /** Fails the test if the engine tries to reach the token endpoint. */
  const fetch = async (): Promise<Response> => {
    throw new Error('the token endpoint must not be called');
  };
  const start = (initiatedBy: string | null = 'user-1') =>
    startAuthorization({ provider: p, key, redirectUri, initiatedBy, flows, vault, clock });
  const complete = (callbackUrl: string, currentUserId?: string | null) =>
    completeAuthorization({
      callbackUrl,
      flows,
      vault,
      resolveProvider: async () => p,
      currentUserId,
      clock,
      fetch,
    });
  return { flows, vault, clock, start, complete };
}

function callback(params: Record<string, string>): string {
  return `${redirectUri}?${new URLSearchParams(params)}`;
}

async function expectFlowError(promise: Promise<unknown>, code: string): Promise<AuthorizationFlowError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AuthorizationFlowError);
  expect(error).toMatchObject({ code });
  return error as AuthorizationFlowError;
}

describe('startAuthorization', () => {
  it('builds the authorization URL and stores the state only as a hash, the verifier only encrypted', async () => {
    const { flows, vault, clock, start } = setup();
    const { authorizationUrl, expiresAt } = await start();
    const url = new URL(authorizationUrl);
    const q = url.searchParams;
    expect(url.origin + url.pathname).toBe('https://as.example/authorize');
    expect(q.get('tenant')).toBe('t1');
    expect(q.get('client_id')).toBe('client-1');
    expect(q.get('response_type')).toBe('code');
    expect(q.get('redirect_uri')).toBe(redirectUri);
    expect(q.get('scope')).toBe('openid offline_access api.read');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('prompt')).toBe('consent');
    expect(q.get('access_type')).toBe('offline');
    const state = q.get('state')!;
    const nonce = q.get('nonce')!;
    expect(state.length).toBeGreaterThanOrEqual(43);
    expect(nonce.length).toBeGreaterThanOrEqual(43);
    expect(expiresAt).toEqual(new Date(clock.now().getTime() + 600_000));

    expect(flows.flows.size).toBe(1);
    const flow = [...flows.flows.values()][0] as PendingFlow;
    expect(flow.stateHash).toBe(createHash('sha256').update(state).digest('base64url'));
    expect(JSON.stringify(flow)).not.toContain(state);
    expect(flow).toMatchObject({ key, nonce, redirectUri, initiatedBy: 'user-1', expiresAt });
    const verifier = vault.decrypt(flow.codeVerifierEnvelope, { ...key, field: 'code_verifier' });
    expect(flow.codeVerifierEnvelope).not.toContain(verifier);
    expect(q.get('code_challenge')).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('sends no nonce without openid, and joins scopes with the provider separator', async () => {
    const { flows, start } = setup({ scopes: ['repo', 'user'], quirks: { scopeSeparator: ',' } });
    const q = new URL((await start()).authorizationUrl).searchParams;
    expect(q.get('nonce')).toBeNull();
    expect(q.get('scope')).toBe('repo,user');
    expect([...flows.flows.values()][0]?.nonce).toBeNull();
  });

  it('rejects an invalid configuration before storing anything', async () => {
    const { flows, start } = setup({ tokenEndpoint: 'http://as.example/token' });
    await expect(start()).rejects.toMatchObject({ code: 'INVALID_CONFIGURATION' });
    expect(flows.saves).toBe(0);
  });
});

describe('completeAuthorization rejections (nothing exchanged, nothing stored)', () => {
  async function started(overrides: Partial<ProviderConfig> = {}, initiatedBy: string | null = 'user-1') {
    const ctx = setup(overrides);
    const state = new URL((await ctx.start(initiatedBy)).authorizationUrl).searchParams.get('state')!;
    return { ...ctx, state };
  }

  it('rejects a missing and a forged state', async () => {
    const { flows, complete } = await started();
    await expectFlowError(complete(callback({ code: 'c' })), 'INVALID_STATE');
    await expectFlowError(complete(callback({ code: 'c', state: 'forged' })), 'INVALID_STATE');
    expect(flows.flows.size).toBe(1);
  });

  it('consumes the flow on first use: a replay is INVALID_STATE', async () => {
    const { flows, complete, state } = await started();
    await expectFlowError(complete(callback({ state, error: 'access_denied' })), 'ACCESS_DENIED');
    expect(flows.flows.size).toBe(0);
    await expectFlowError(complete(callback({ state, code: 'c', iss: provider.issuer! })), 'INVALID_STATE');
  });

  it('rejects an expired flow', async () => {
    const { clock, complete, state } = await started();
    clock.advance(600_001);
    const error = await expectFlowError(complete(callback({ state, code: 'c' })), 'FLOW_EXPIRED');
    expect(error.message).not.toContain(state);
  });

  it('rejects another signed-in user, accepts the initiator or no session', async () => {
    const a = await started();
    const error = await expectFlowError(a.complete(callback({ state: a.state, code: 'c' }), 'user-2'), 'INVALID_STATE');
    expect(error.message).toMatch(/another user/);
  });

  it('rejects a wrong iss, and a missing iss when the provider advertises it', async () => {
    const a = await started();
    await expectFlowError(a.complete(callback({ state: a.state, code: 'c', iss: 'https://evil.example' })), 'ISSUER_MISMATCH');
    const b = await started({ issParameterSupported: true });
    await expectFlowError(b.complete(callback({ state: b.state, code: 'c' })), 'ISSUER_MISMATCH');
  });

  it('checks iss before trusting an error response', async () => {
    const a = await started();
    await expectFlowError(a.complete(callback({ state: a.state, error: 'access_denied', iss: 'https://evil.example' })), 'ISSUER_MISMATCH');
  });

  it('maps provider errors, keeping the provider description', async () => {
    const a = await started();
    const denied = await expectFlowError(
      a.complete(callback({ state: a.state, error: 'access_denied', error_description: 'User said no' })),
      'ACCESS_DENIED',
    );
    expect(denied).toMatchObject({ error: 'access_denied', errorDescription: 'User said no' });
    expect(denied.message).toContain('User said no');

    const b = await started();
    const other = await expectFlowError(
      b.complete(callback({ state: b.state, error: 'invalid_scope', error_description: 'bad scope' })),
      'AUTHORIZATION_RESPONSE_ERROR',
    );
    expect(other).toMatchObject({
      error: 'invalid_scope',
      errorDescription: 'bad scope',
      publicCode: 'PROVIDER_ERROR',
    });
  });

  it('rejects a response without a code', async () => {
    const a = await started();
    await expectFlowError(a.complete(callback({ state: a.state, iss: provider.issuer! })), 'MISSING_CODE');
  });
});
