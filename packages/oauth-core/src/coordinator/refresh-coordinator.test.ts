import { describe, expect, it } from 'vitest';
import { AuthorizationStateError, ProviderError } from '../errors.js';
import { tokenSet } from '../testing/fixtures.js';
import { ManualScheduler } from '../testing/manual-scheduler.js';
import { MemoryAuthorizationStatePort, MemoryLeasePort } from '../testing/memory-ports.js';
import type { TokenSet } from '../types.js';
import { RefreshCoordinator } from './refresh-coordinator.js';

const R = 'ws-1/conn-1';

function tokens(n: number): TokenSet {
  return tokenSet({ accessToken: `at-${n}`, refreshToken: `rt-${n}` });
}

function deferred<T>(): {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Whether `promise` has settled yet (read it after `scheduler.settle()` or `advance()`). */
function tracked(promise: Promise<unknown>): { settled: boolean } {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

/** Shared ports and one hand-moved scheduler (also the lease's clock): no test waits on real time. */
function setup() {
  const scheduler = new ManualScheduler();
  const lease = new MemoryLeasePort(scheduler);
  const state = new MemoryAuthorizationStatePort();
  state.seed(R, tokens(1));
  const coordinator = (
    ownerId: string,
    extra: Partial<ConstructorParameters<typeof RefreshCoordinator>[0]> = {},
  ) =>
    new RefreshCoordinator({
      lease,
      state,
      ownerId,
      pollIntervalMs: 5,
      clock: scheduler,
      scheduler,
      ...extra,
    });
  return { lease, state, scheduler, coordinator };
}

/** A perform that records the refresh tokens it was called with and rotates. */
function rotatingPerform(seen: string[], gate?: Promise<void>) {
  return async (current: TokenSet): Promise<TokenSet> => {
    seen.push(current.refreshToken ?? 'none');
    await gate;
    const n = Number(current.refreshToken?.split('-')[1]) + 1;
    return tokens(n);
  };
}

describe('RefreshCoordinator in one process', () => {
  it('coalesces concurrent calls into one perform; every caller gets the one result', async () => {
    const { state, lease, coordinator } = setup();
    const c = coordinator('p1');
    const seen: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 20 }, () => c.refresh(R, rotatingPerform(seen))),
    );

    expect(seen).toEqual(['rt-1']);
    for (const result of results) {
      expect(result).toEqual(results[0]);
      expect(result.version).toBe(2);
      expect(result.tokens?.refreshToken).toBe('rt-2');
    }
    expect(state.writes).toHaveLength(1);
    expect(state.writes[0]?.update.status).toBe('AUTHORIZED');
    expect(state.writes[0]?.update.refreshedAt).toBeInstanceOf(Date);
    expect(state.peek(R)).toMatchObject({ version: 2, status: 'AUTHORIZED' });
    expect(lease.ownerOf(R)).toBeUndefined();
  });

  it('refreshes again (with the rotated token) once the first call has finished', async () => {
    const { coordinator } = setup();
    const c = coordinator('p1');
    const seen: string[] = [];
    await c.refresh(R, rotatingPerform(seen));
    const second = await c.refresh(R, rotatingPerform(seen));
    expect(seen).toEqual(['rt-1', 'rt-2']);
    expect(second.version).toBe(3);
  });

  it('returns the stored result without calling the provider when the version moved since the call began', async () => {
    const { state } = setup();
    // Another writer (e.g. another process that released just now) stores version 2 between
    // this call's first read and its read under the lease.
    const originalAcquire = MemoryLeasePort.prototype.acquire;
    const lease = new MemoryLeasePort();
    lease.acquire = async (resource, owner, ttl) => {
      await state.compareAndSwap(R, 1, {
        status: 'AUTHORIZED',
        tokens: tokens(9),
        statusReason: null,
      });
      return originalAcquire.call(lease, resource, owner, ttl);
    };
    const moved = new RefreshCoordinator({ lease, state, ownerId: 'p2' });
    const seen: string[] = [];
    const result = await moved.refresh(R, rotatingPerform(seen));
    expect(seen).toEqual([]);
    expect(result.tokens?.refreshToken).toBe('rt-9');
    expect(result.version).toBe(2);
  });

  it('writes REAUTHORIZATION_REQUIRED with the reason on invalid_grant, keeping the tokens, and every caller gets the error', async () => {
    const { state, lease, coordinator } = setup();
    const c = coordinator('p1');
    const perform = async (): Promise<TokenSet> => {
      throw new ProviderError(
        'REAUTHORIZATION_REQUIRED',
        'The provider rejected the refresh token (invalid_grant).',
        {
          error: 'invalid_grant',
          errorDescription: 'grant request is invalid',
          status: 400,
        },
      );
    };
    const outcomes = await Promise.allSettled([
      c.refresh(R, perform),
      c.refresh(R, perform),
      c.refresh(R, perform),
    ]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toMatchObject({
        code: 'REAUTHORIZATION_REQUIRED',
      });
    }
    expect(state.peek(R)).toMatchObject({
      version: 2,
      status: 'REAUTHORIZATION_REQUIRED',
      statusReason: 'invalid_grant: grant request is invalid',
      tokens: { refreshToken: 'rt-1' },
    });
    expect(lease.ownerOf(R)).toBeUndefined();

    // A later call does not call the provider with a refresh token it knows is dead.
    let called = false;
    await expect(
      c.refresh(R, async () => {
        called = true;
        return tokens(5);
      }),
    ).rejects.toMatchObject({ code: 'REAUTHORIZATION_REQUIRED' });
    expect(called).toBe(false);
  });

  it('leaves the state unchanged on a transient failure, and the next call tries again', async () => {
    const { state, lease, coordinator } = setup();
    const c = coordinator('p1');
    const transient = new ProviderError('PROVIDER_UNAVAILABLE', 'HTTP 503', {
      transient: true,
      retryAfterMs: 5000,
      status: 503,
    });
    await expect(c.refresh(R, async () => Promise.reject(transient))).rejects.toBe(transient);
    expect(state.writes).toHaveLength(0);
    expect(state.peek(R)?.version).toBe(1);
    expect(lease.ownerOf(R)).toBeUndefined();

    const seen: string[] = [];
    await c.refresh(R, rotatingPerform(seen));
    expect(seen).toEqual(['rt-1']);
  });

  it('throws NOT_AUTHORIZED when no refresh token is stored, without calling perform', async () => {
    const { state, coordinator } = setup();
    state.seed(R, { ...tokens(1), refreshToken: null });
    const seen: string[] = [];
    const error = await coordinator('p1')
      .refresh(R, rotatingPerform(seen))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizationStateError);
    expect(error).toMatchObject({ code: 'NOT_AUTHORIZED' });
    expect(seen).toEqual([]);

    const empty = await coordinator('p1')
      .refresh('ws-1/other', rotatingPerform(seen))
      .catch((e: unknown) => e);
    expect(empty).toMatchObject({ code: 'NOT_AUTHORIZED' });
  });

  it('throws CONFLICT when another writer changes the state during the refresh (nothing overwritten)', async () => {
    const { state, coordinator } = setup();
    const perform = async (): Promise<TokenSet> => {
      await state.compareAndSwap(R, 1, {
        status: 'NOT_AUTHORIZED',
        tokens: null,
        statusReason: 'revoked',
      });
      return tokens(2);
    };
    await expect(coordinator('p1').refresh(R, perform)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(state.peek(R)).toMatchObject({ version: 2, status: 'NOT_AUTHORIZED', tokens: null });
  });
});

describe('RefreshCoordinator across processes (two instances, shared ports)', () => {
  it('makes one perform; the waiter returns the holder result', async () => {
    const { state, scheduler, coordinator } = setup();
    const a = coordinator('process-a');
    const b = coordinator('process-b');
    const gate = deferred<void>();
    const seen: string[] = [];
    const first = a.refresh(R, rotatingPerform(seen, gate.promise));
    await scheduler.settle();
    expect(seen).toEqual(['rt-1']);

    const second = b.refresh(R, rotatingPerform(seen));
    const waiter = tracked(second);
    await scheduler.advance(30); // six polls while the holder is still at the provider
    expect(waiter.settled).toBe(false);
    expect(seen).toEqual(['rt-1']);

    gate.resolve();
    await first;
    await scheduler.advance(5); // the waiter's next poll sees the new version
    const [ra, rb] = await Promise.all([first, second]);
    expect(seen).toEqual(['rt-1']);
    expect(rb).toEqual(ra);
    expect(state.writes).toHaveLength(1);
  });

  it('the waiter gets the stored error state when the holder hit invalid_grant', async () => {
    const { lease, scheduler, coordinator } = setup();
    const gate = deferred<void>();
    const first = coordinator('a').refresh(R, async () => {
      await gate.promise;
      throw new ProviderError('REAUTHORIZATION_REQUIRED', 'invalid_grant', {
        error: 'invalid_grant',
      });
    });
    await scheduler.settle();
    expect(lease.ownerOf(R)).toBe('a');
    let performed = false;
    const second = coordinator('b').refresh(R, async () => {
      performed = true;
      return tokens(7);
    });
    const secondOutcome = expect(second).rejects.toMatchObject({
      code: 'REAUTHORIZATION_REQUIRED',
    });
    await scheduler.settle();
    gate.resolve();
    await expect(first).rejects.toMatchObject({ code: 'REAUTHORIZATION_REQUIRED' });
    await scheduler.advance(5);
    await secondOutcome;
    expect(performed).toBe(false);
  });

  it('a waiter takes over when the holder released after a transient failure', async () => {
    const { state, lease, scheduler, coordinator } = setup();
    const gate = deferred<void>();
    const first = coordinator('a').refresh(R, async () => {
      await gate.promise;
      throw new ProviderError('PROVIDER_UNAVAILABLE', 'HTTP 503', { transient: true });
    });
    await scheduler.settle();
    expect(lease.ownerOf(R)).toBe('a');
    const seen: string[] = [];
    const second = coordinator('b').refresh(R, rotatingPerform(seen));
    await scheduler.settle();
    gate.resolve();
    await expect(first).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(seen).toEqual([]);
    await scheduler.advance(5);
    await expect(second).resolves.toMatchObject({ version: 2 });
    expect(seen).toEqual(['rt-1']);
    expect(state.peek(R)?.tokens?.refreshToken).toBe('rt-2');
  });

  it('throws REFRESH_BUSY when the lease stays held elsewhere past waitTimeoutMs, not before', async () => {
    const { lease, scheduler, coordinator } = setup();
    await lease.acquire(R, 'someone-else', 60_000);
    const seen: string[] = [];
    const outcome = coordinator('p1', { waitTimeoutMs: 45_000, pollIntervalMs: 1_000 })
      .refresh(R, rotatingPerform(seen))
      .catch((e: unknown) => e);
    const waiter = tracked(outcome);
    await scheduler.advance(44_999);
    expect(waiter.settled).toBe(false);

    await scheduler.advance(1_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(AuthorizationStateError);
    expect(error).toMatchObject({ code: 'REFRESH_BUSY' });
    expect(seen).toEqual([]);
    expect(lease.ownerOf(R)).toBe('someone-else');
    expect(scheduler.pending).toBe(0);
  });

  it('renews the lease every third of its TTL while a slow refresh runs, so nobody else can take it, and releases it after', async () => {
    const { lease, state, scheduler, coordinator } = setup();
    const gate = deferred<void>();
    const seen: string[] = [];
    const running = coordinator('a', { leaseTtlMs: 150 }).refresh(
      R,
      rotatingPerform(seen, gate.promise),
    );
    await scheduler.advance(500); // > 3 × TTL
    expect(lease.renewals).toBe(10);
    expect(lease.ownerOf(R)).toBe('a');
    expect(await lease.acquire(R, 'intruder', 1000)).toBe(false);
    gate.resolve();
    await running;
    expect(lease.ownerOf(R)).toBeUndefined();
    expect(state.peek(R)?.version).toBe(2);
    expect(scheduler.pending).toBe(0); // no renewal left behind
  });

  it('releases only its own lease', async () => {
    const { lease, scheduler, coordinator } = setup();
    const c = coordinator('a', { leaseTtlMs: 30 });
    // The refresh outlives a lease whose renewals we block; someone else takes the lease.
    lease.renew = async () => false;
    const gate = deferred<void>();
    const running = c.refresh(R, async (current) => {
      await gate.promise;
      return { ...current, accessToken: 'at-x' };
    });
    await scheduler.advance(29);
    expect(await lease.acquire(R, 'other', 10_000)).toBe(false);
    await scheduler.advance(1);
    expect(await lease.acquire(R, 'other', 10_000)).toBe(true);
    gate.resolve();
    await running;
    expect(lease.ownerOf(R)).toBe('other');
  });
});
