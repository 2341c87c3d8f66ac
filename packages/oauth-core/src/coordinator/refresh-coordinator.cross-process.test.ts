import { describe, expect, it } from 'vitest';
import { AuthorizationStateError, ProviderError } from '../errors.js';
import { R, deferred, rotatingPerform, setup, tokens, tracked } from '../testing/coordinator-harness.js';

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
    const running = coordinator('a', { leaseTtlMs: 150 }).refresh(R, rotatingPerform(seen, gate.promise));
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
