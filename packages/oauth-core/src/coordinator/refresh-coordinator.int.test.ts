import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refreshTokenSet } from '../protocol/refresh.js';
import { RESOURCE, authorize, newConnection, startHarness, type Connection, type Harness } from '../testing/idp-harness.js';
import { MemoryLeasePort } from '../testing/memory-ports.js';
import type { ProviderConfig, TokenSet } from '../types.js';
import { RefreshCoordinator } from './refresh-coordinator.js';

const CALLERS = 50;

let harness: Harness;
let provider: ProviderConfig;
let connection: Connection;
let authorized: TokenSet;

beforeAll(async () => {
  harness = await startHarness();
  provider = harness.provider('client_secret_basic');
});
afterAll(() => harness.close());

beforeEach(async () => {
  connection = newConnection();
  authorized = await authorize(harness, connection, provider);
  harness.idp.resetCounters();
});

const perform = (current: TokenSet) => refreshTokenSet({ provider, current });

describe('50 concurrent refreshes of one authorization against a rotating IdP', () => {
  it('through one coordinator: exactly one refresh grant, zero reuse, every caller gets the result', async () => {
    const lease = new MemoryLeasePort();
    const coordinator = new RefreshCoordinator({
      lease,
      state: connection.state,
      ownerId: 'api-1',
    });

    const results = await Promise.all(Array.from({ length: CALLERS }, () => coordinator.refresh(RESOURCE, perform)));

    const counters = harness.idp.counters();
    expect(counters.tokenRequests.refresh_token).toBe(1);
    expect(counters.refreshTokenReuse).toBe(0);
    expect(counters.errors.invalid_grant ?? 0).toBe(0);
    const accessTokens = new Set(results.map((r) => r.tokens?.accessToken));
    expect(accessTokens.size).toBe(1);
    expect(results.every((r) => r.version === 2 && r.status === 'AUTHORIZED')).toBe(true);
    expect(connection.state.peek(RESOURCE)?.tokens?.refreshToken).not.toBe(authorized.refreshToken);

    // The grant is intact: the stored (rotated) refresh token still works.
    await coordinator.refresh(RESOURCE, perform);
    expect(harness.idp.counters().tokenRequests.refresh_token).toBe(2);
    expect(harness.idp.counters().refreshTokenReuse).toBe(0);
  });

  it('across two processes (two coordinators sharing one lease and one state store): exactly one grant', async () => {
    const lease = new MemoryLeasePort();
    const a = new RefreshCoordinator({
      lease,
      state: connection.state,
      ownerId: 'api-a',
      pollIntervalMs: 10,
    });
    const b = new RefreshCoordinator({
      lease,
      state: connection.state,
      ownerId: 'api-b',
      pollIntervalMs: 10,
    });

    const results = await Promise.all(Array.from({ length: CALLERS }, (_, i) => (i % 2 === 0 ? a : b).refresh(RESOURCE, perform)));

    const counters = harness.idp.counters();
    expect(counters.tokenRequests.refresh_token).toBe(1);
    expect(counters.refreshTokenReuse).toBe(0);
    expect(new Set(results.map((r) => r.tokens?.accessToken)).size).toBe(1);
    expect(connection.state.writes.filter((w) => w.update.refreshedAt !== undefined)).toHaveLength(1);
    expect(lease.ownerOf(RESOURCE)).toBeUndefined();
  });

  it('WITHOUT the coordinator the hazard shows: several grants, reuse detected, the grant is lost', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: CALLERS }, () => refreshTokenSet({ provider, current: authorized })));

    const counters = harness.idp.counters();
    expect(counters.tokenRequests.refresh_token).toBeGreaterThan(1);
    expect(counters.refreshTokenReuse + (counters.errors.invalid_grant ?? 0)).toBeGreaterThan(0);
    const rejected = outcomes.filter((o) => o.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const r of rejected) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: 'REAUTHORIZATION_REQUIRED',
      });
    }
    // Even the caller that "won" now holds a refresh token from a revoked grant.
    const won = outcomes.find((o): o is PromiseFulfilledResult<TokenSet> => o.status === 'fulfilled');
    if (won && counters.refreshTokenReuse > 0) {
      await expect(refreshTokenSet({ provider, current: won.value })).rejects.toMatchObject({
        code: 'REAUTHORIZATION_REQUIRED',
      });
    }
  });
});
