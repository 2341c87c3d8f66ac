/**
 * What the RefreshCoordinator tests share: one resource seeded with `rt-1`, in-memory ports and a
 * hand-moved scheduler that is also the lease's clock, so no test waits on real time.
 */
import { RefreshCoordinator } from '../coordinator/refresh-coordinator.js';
import type { TokenSet } from '../types.js';
import { tokenSet } from './fixtures.js';
import { ManualScheduler } from './manual-scheduler.js';
import { MemoryAuthorizationStatePort, MemoryLeasePort } from './memory-ports.js';

export const R = 'ws-1/conn-1';

export function tokens(n: number): TokenSet {
  return tokenSet({ accessToken: `at-${n}`, refreshToken: `rt-${n}` });
}

export function deferred<T>(): {
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
export function tracked(promise: Promise<unknown>): { settled: boolean } {
  const state = { settled: false };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

/** Shared ports and one hand-moved scheduler (also the lease's clock). */
export function setup() {
  const scheduler = new ManualScheduler();
  const lease = new MemoryLeasePort(scheduler);
  const state = new MemoryAuthorizationStatePort();
  state.seed(R, tokens(1));
  const coordinator = (ownerId: string, extra: Partial<ConstructorParameters<typeof RefreshCoordinator>[0]> = {}) =>
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
export function rotatingPerform(seen: string[], gate?: Promise<void>) {
  return async (current: TokenSet): Promise<TokenSet> => {
    seen.push(current.refreshToken ?? 'none');
    await gate;
    const n = Number(current.refreshToken?.split('-')[1]) + 1;
    return tokens(n);
  };
}
