/**
 * Single-flight refresh of one authorization, in one process and across many.
 *
 * Why: providers that rotate refresh tokens treat a second use of a rotated refresh token as
 * theft and revoke the whole grant (OAuth 2.0 Security BCP, RFC 9700 §4.14.2). Two concurrent
 * refreshes with the same refresh token therefore lose the authorization.
 *
 * How:
 * 1. In the process, concurrent calls for one resource share one promise.
 * 2. Across processes, a lease (owner token + TTL) is taken through {@link LeasePort}; it is
 *    renewed periodically while held and released only by its owner, in `finally`.
 * 3. A waiter polls until the lease is free or the state's version moves; if the version moved,
 *    another holder refreshed and its stored result is returned without calling the provider.
 * 4. The holder re-reads the state; if the version moved since the call began, that result is
 *    returned. Otherwise it calls `perform`, and writes the result with a compare-and-swap on the
 *    version read under the lease.
 * 5. If that write fails (throws), the new token set is kept with the lease and written again in
 *    the background until it lands (see {@link UnwrittenTokens}); the call fails meanwhile.
 */
import { randomUUID } from 'node:crypto';
import { AuthorizationStateError, OAuthCoreError, ProviderError } from '../errors.js';
import {
  systemClock,
  systemScheduler,
  type AuthorizationStatePort,
  type Clock,
  type LeasePort,
  type Scheduler,
  type VersionedAuthorizationState,
} from '../ports.js';
import type { TokenSet } from '../types.js';
import { UnwrittenTokens, type UnwrittenEvent } from './unwritten.js';

export interface RefreshCoordinatorOptions {
  lease: LeasePort;
  state: AuthorizationStatePort;
  clock?: Clock | undefined;
  /** Timers for polling, lease renewal and the wait timeout; default the real ones. */
  scheduler?: Scheduler | undefined;
  /** The lease owner token of this coordinator (one per process); default a random UUID. */
  ownerId?: string | undefined;
  /** Lease time-to-live; renewed every third of it while held. Default 30 s. */
  leaseTtlMs?: number | undefined;
  /** How long a caller waits for another holder before REFRESH_BUSY. Default 45 s. */
  waitTimeoutMs?: number | undefined;
  /** How often a waiter re-checks the lease and the state. Default 100 ms. */
  pollIntervalMs?: number | undefined;
  /** The first pause before writing a kept token set again (doubled up to 30 s). Default 1 s. */
  unwrittenRetryMs?: number | undefined;
  /** Told each failed retry of a kept token set's write, and how it ended (for the logs). */
  onUnwritten?: ((event: UnwrittenEvent) => void) | undefined;
}

/**
 * `current`: the tokens as stored under the lease; `state`: the whole state read under the lease
 * (a port may return more than the interface asks, e.g. its refresh bookkeeping, which `perform`
 * can then use instead of reading the row again).
 */
export type PerformRefresh = (current: TokenSet, state: VersionedAuthorizationState) => Promise<TokenSet>;

export interface RefreshCallOptions {
  /**
   * false: when another process holds the lease, give up at once (REFRESH_BUSY) instead of
   * waiting for its result, and skip the read before the lease (a background refresher that
   * re-checks under the lease whether the refresh is still due). Default true.
   */
  wait?: boolean | undefined;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;
export const DEFAULT_WAIT_TIMEOUT_MS = 45_000;
export const DEFAULT_POLL_INTERVAL_MS = 100;

/**
 * The stored state as the answer to a refresh call: AUTHORIZED is returned, anything else
 * becomes the error a caller would have got from refreshing.
 */
function outcomeOf(state: VersionedAuthorizationState): VersionedAuthorizationState {
  if (state.status === 'AUTHORIZED' && state.tokens !== null) return state;
  if (state.status === 'REAUTHORIZATION_REQUIRED') {
    throw new ProviderError(
      'REAUTHORIZATION_REQUIRED',
      `The authorization needs to be authorized again${state.statusReason ? ` (${state.statusReason})` : ''}.`,
    );
  }
  throw new AuthorizationStateError('NOT_AUTHORIZED', 'The authorization holds no tokens; authorize it first.');
}

/** A lease held by this coordinator, renewed in the background until {@link stop}. */
class HeldLease {
  private cancel: (() => void) | undefined;
  private stopped = false;
  /** Handed to the kept token set whose write failed: released when it is written. */
  kept = false;

  constructor(
    private readonly port: LeasePort,
    readonly resource: string,
    readonly owner: string,
    private readonly ttlMs: number,
    private readonly scheduler: Scheduler,
  ) {
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.cancel = this.scheduler.schedule(() => void this.renew(), Math.max(1, Math.floor(this.ttlMs / 3)));
  }

  private async renew(): Promise<void> {
    if (this.stopped) return;
    try {
      // A refused renewal (another owner holds the lease now) needs no action here: the
      // versioned write at the end of the refresh is what refuses a stale result.
      await this.port.renew(this.resource, this.owner, this.ttlMs);
    } catch {
      // A failed renewal is retried on the next tick; the TTL still bounds the lease.
    }
    this.schedule();
  }

  async release(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    try {
      await this.port.release(this.resource, this.owner);
    } catch {
      // The lease expires by its TTL; the refresh result must not be masked by a release failure.
    }
  }
}

export class RefreshCoordinator {
  private readonly lease: LeasePort;
  private readonly state: AuthorizationStatePort;
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  readonly ownerId: string;
  private readonly leaseTtlMs: number;
  private readonly waitTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly inFlight = new Map<string, Promise<VersionedAuthorizationState>>();
  private readonly unwritten: UnwrittenTokens;

  constructor(options: RefreshCoordinatorOptions) {
    this.lease = options.lease;
    this.state = options.state;
    this.clock = options.clock ?? systemClock;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.ownerId = options.ownerId ?? randomUUID();
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.waitTimeoutMs = options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.unwritten = new UnwrittenTokens({
      scheduler: this.scheduler,
      firstRetryMs: options.unwrittenRetryMs,
      onEvent: options.onUnwritten,
    });
    for (const [name, value] of [
      ['leaseTtlMs', this.leaseTtlMs],
      ['waitTimeoutMs', this.waitTimeoutMs],
      ['pollIntervalMs', this.pollIntervalMs],
    ] as const) {
      if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number.`);
    }
  }

  /**
   * Refresh `resource` once, however many callers ask at the same time: every caller gets the
   * one result (the new state) or the one error. `perform` receives the tokens as stored under
   * the lease and returns the new token set.
   *
   * Throws `ProviderError` (from `perform`, or REAUTHORIZATION_REQUIRED when the stored state says
   * so), `AuthorizationStateError` NOT_AUTHORIZED (no refresh token), CONFLICT (the write lost a
   * race), REFRESH_BUSY (another holder did not finish within `waitTimeoutMs`).
   */
  refresh(resource: string, perform: PerformRefresh, options: RefreshCallOptions = {}): Promise<VersionedAuthorizationState> {
    const running = this.inFlight.get(resource);
    if (running !== undefined) return running;
    // The lease is ours (a new acquire would succeed): refreshing now would present the spent token.
    if (this.unwritten.has(resource)) return Promise.reject(UnwrittenTokens.busy());
    const call = (options.wait === false ? this.runOnce(resource, perform) : this.run(resource, perform)).finally(() => {
      this.inFlight.delete(resource);
    });
    this.inFlight.set(resource, call);
    return call;
  }

  private async run(resource: string, perform: PerformRefresh): Promise<VersionedAuthorizationState> {
    const initial = await this.state.read(resource);
    // The owner token is this coordinator's id: in-process coalescing guarantees one run per
    // resource at a time here, so a release can never hit a later acquisition of our own.
    const owner = this.ownerId;
    const started = this.scheduler.elapsedMs();

    for (;;) {
      if (await this.lease.acquire(resource, owner, this.leaseTtlMs)) {
        const held = new HeldLease(this.lease, resource, owner, this.leaseTtlMs, this.scheduler);
        try {
          return await this.refreshUnderLease(resource, initial.version, perform, held);
        } finally {
          if (!held.kept) await held.release();
        }
      }
      // Held elsewhere: wait for it to finish, or for its result to appear.
      const now = await this.state.read(resource);
      if (now.version !== initial.version) return outcomeOf(now);
      if (this.scheduler.elapsedMs() - started >= this.waitTimeoutMs) {
        throw new AuthorizationStateError(
          'REFRESH_BUSY',
          `Another process is refreshing this authorization and did not finish within ${this.waitTimeoutMs} ms.`,
        );
      }
      await this.scheduler.sleep(this.pollIntervalMs);
    }
  }

  /** One try at the lease: held elsewhere, REFRESH_BUSY at once. */
  private async runOnce(resource: string, perform: PerformRefresh): Promise<VersionedAuthorizationState> {
    if (!(await this.lease.acquire(resource, this.ownerId, this.leaseTtlMs))) {
      throw new AuthorizationStateError('REFRESH_BUSY', 'Another process is refreshing this authorization.');
    }
    const held = new HeldLease(this.lease, resource, this.ownerId, this.leaseTtlMs, this.scheduler);
    try {
      return await this.refreshUnderLease(resource, null, perform, held);
    } finally {
      if (!held.kept) await held.release();
    }
  }

  /** @param initialVersion the version when the call began; null: whatever is stored now. */
  private async refreshUnderLease(
    resource: string,
    initialVersion: number | null,
    perform: PerformRefresh,
    held: HeldLease,
  ): Promise<VersionedAuthorizationState> {
    const current = await this.state.read(resource);
    // Someone refreshed (or re-authorized, or revoked) since this call began: that is our answer.
    if (initialVersion !== null && current.version !== initialVersion) return outcomeOf(current);
    if (current.status === 'REAUTHORIZATION_REQUIRED') return outcomeOf(current);
    if (current.tokens === null || current.tokens.refreshToken === null) {
      throw new AuthorizationStateError('NOT_AUTHORIZED', 'No refresh token is stored for this authorization; authorize it again.');
    }

    let tokens: TokenSet;
    try {
      tokens = await perform(current.tokens, current);
    } catch (error) {
      if (error instanceof OAuthCoreError && error.code === 'REAUTHORIZATION_REQUIRED') {
        const reason =
          error instanceof ProviderError && error.errorDescription
            ? `${error.error ?? 'invalid_grant'}: ${error.errorDescription}`
            : error instanceof ProviderError && error.error
              ? error.error
              : error.message;
        // Tokens kept for the record. A lost CAS means another writer already moved on; a failed
        // write must not replace the provider's answer (the next refresh meets it again).
        await this.state
          .compareAndSwap(resource, current.version, {
            status: 'REAUTHORIZATION_REQUIRED',
            tokens: current.tokens,
            statusReason: reason,
          })
          .catch(() => false);
      }
      throw error;
    }

    const update = {
      status: 'AUTHORIZED' as const,
      tokens,
      statusReason: null,
      refreshedAt: this.clock.now(),
    };
    const write = () => this.state.compareAndSwap(resource, current.version, update);
    if (!(await this.unwritten.writeOrKeep(resource, held, write))) {
      throw new AuthorizationStateError(
        'CONFLICT',
        'The authorization was changed by another writer during the refresh; the refreshed tokens were not stored.',
      );
    }
    return { version: current.version + 1, status: update.status, tokens, statusReason: null };
  }

  /** How many refreshed token sets wait to be written again. */
  get unwrittenCount(): number {
    return this.unwritten.size;
  }

  /** Stops writing kept token sets again (shutdown): those not yet written are lost. */
  stop(): Promise<void> {
    return this.unwritten.stop();
  }
}
