import { describe, expect, it } from 'vitest';
import { AuthorizationStateError, ProviderError } from '../errors.js';
import { R, rotatingPerform, setup, tokens } from '../testing/coordinator-harness.js';
import { MemoryLeasePort } from '../testing/memory-ports.js';
import type { TokenSet } from '../types.js';
import { RefreshCoordinator } from './refresh-coordinator.js';

describe('RefreshCoordinator in one process', () => {
  it('coalesces concurrent calls into one perform; every caller gets the one result', async () => {
    const { state, lease, coordinator } = setup();
    const c = coordinator('p1');
    const seen: string[] = [];
    const results = await Promise.all(Array.from({ length: 20 }, () => c.refresh(R, rotatingPerform(seen))));

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

  it('with wait: false, gives up at once (REFRESH_BUSY) while another process holds the lease, and refreshes once it is free', async () => {
    const { lease, coordinator } = setup();
    const c = coordinator('p1');
    expect(await lease.acquire(R, 'p2', 30_000)).toBe(true);
    const seen: string[] = [];
    const busy = await c.refresh(R, rotatingPerform(seen), { wait: false }).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(AuthorizationStateError);
    expect((busy as AuthorizationStateError).code).toBe('REFRESH_BUSY');
    expect(seen).toEqual([]);
    await lease.release(R, 'p2');
    const result = await c.refresh(R, rotatingPerform(seen), { wait: false });
    expect(seen).toEqual(['rt-1']);
    expect(result.version).toBe(2);
    expect(lease.ownerOf(R)).toBeUndefined();
  });

  it('writes REAUTHORIZATION_REQUIRED with the reason on invalid_grant, keeping the tokens, and every caller gets the error', async () => {
    const { state, lease, coordinator } = setup();
    const c = coordinator('p1');
    const perform = async (): Promise<TokenSet> => {
      throw new ProviderError('REAUTHORIZATION_REQUIRED', 'The provider rejected the refresh token (invalid_grant).', {
        error: 'invalid_grant',
        errorDescription: 'grant request is invalid',
        status: 400,
      });
    };
    const outcomes = await Promise.allSettled([c.refresh(R, perform), c.refresh(R, perform), c.refresh(R, perform)]);
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

  it('keeps a token set whose write failed, with the lease, and writes it again until it lands', async () => {
    const { state, lease, scheduler, coordinator } = setup();
    const events: string[] = [];
    const c = coordinator('p1', { unwrittenRetryMs: 10_000, onUnwritten: (e) => events.push(`${e.outcome} ${e.attempts}`) });
    const swap = state.compareAndSwap.bind(state);
    let failures = 3; // the first write and two retries
    state.compareAndSwap = async (...args) => (failures-- > 0 ? Promise.reject(new Error('database down')) : swap(...args));
    const seen: string[] = [];
    await expect(c.refresh(R, rotatingPerform(seen))).rejects.toThrow('database down');
    expect(lease.ownerOf(R)).toBe('p1');
    expect(c.unwrittenCount).toBe(1);
    // The lease is ours, so acquiring would succeed: the coordinator itself refuses (the spent rt-1 is stored).
    await expect(c.refresh(R, rotatingPerform(seen))).rejects.toMatchObject({ code: 'REFRESH_BUSY' });
    // Another process finds the lease held.
    await expect(coordinator('p2').refresh(R, rotatingPerform(seen), { wait: false })).rejects.toMatchObject({ code: 'REFRESH_BUSY' });
    await scheduler.advance(10_000 + 20_000); // retries after 10 s and 20 s more, both failing
    expect(events).toEqual(['retrying 1', 'retrying 2']);
    await scheduler.advance(15_000); // past the 30 s TTL: renewed meanwhile
    expect(lease.ownerOf(R)).toBe('p1');
    await scheduler.advance(15_000); // the third retry, 30 s (the cap) after the second
    expect(events).toEqual(['retrying 1', 'retrying 2', 'written 3']);
    expect(state.peek(R)).toMatchObject({ version: 2, tokens: { refreshToken: 'rt-2' } });
    expect(lease.ownerOf(R)).toBeUndefined();
    expect(c.unwrittenCount).toBe(0);
    await c.refresh(R, rotatingPerform(seen));
    expect(seen).toEqual(['rt-1', 'rt-2']);
  });

  it('gives a kept token set up on stop (shutdown), releasing its lease', async () => {
    const { state, lease, coordinator } = setup();
    const events: string[] = [];
    const c = coordinator('p1', { onUnwritten: (e) => events.push(e.outcome) });
    state.compareAndSwap = () => Promise.reject(new Error('database down'));
    await expect(c.refresh(R, rotatingPerform([]))).rejects.toThrow('database down');
    expect(lease.ownerOf(R)).toBe('p1');
    await c.stop();
    expect(events).toEqual(['abandoned']);
    expect(lease.ownerOf(R)).toBeUndefined();
    expect(c.unwrittenCount).toBe(0);
  });

  it('gives a kept token set up when its row is gone (NOT_AUTHORIZED), releasing the lease', async () => {
    const { state, lease, scheduler, coordinator } = setup();
    const events: string[] = [];
    const c = coordinator('p1', { unwrittenRetryMs: 10, onUnwritten: (e) => events.push(e.outcome) });
    let calls = 0;
    state.compareAndSwap = () =>
      Promise.reject(calls++ === 0 ? new Error('database down') : new AuthorizationStateError('NOT_AUTHORIZED', 'gone'));
    await expect(c.refresh(R, rotatingPerform([]))).rejects.toThrow('database down');
    await scheduler.advance(10);
    expect(events).toEqual(['conflict']);
    expect(lease.ownerOf(R)).toBeUndefined();
    expect(c.unwrittenCount).toBe(0);
  });
});
