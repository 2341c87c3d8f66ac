/**
 * Refreshed token sets whose write failed for good (the state port's own retries spent, or an
 * error it does not retry). The provider has already rotated the refresh token: the set is the
 * only copy of the new one, and the stored one is spent. Releasing the lease would let the next
 * refresh present the spent token, which a rotating provider answers by revoking the grant. So
 * the set is kept in memory, the lease kept (and renewed), and the write tried again in the
 * background with a growing pause until it lands, or the version has moved (another writer: then
 * there is nothing left to keep). Meanwhile a refresh of the resource in this process fails at
 * once with REFRESH_BUSY; other processes find the lease held. A set still unwritten when the
 * process stops is lost all the same (memory only; its lease is released or expires).
 */
import { AuthorizationStateError } from '../errors.js';
import type { Scheduler } from '../ports.js';

/** What became of a kept token set: each failed retry, then how it ended. */
export interface UnwrittenEvent {
  resource: string;
  /** retrying: a retry failed (`error`); written: stored; conflict: the version moved or the row is gone (not stored); abandoned: stopped. */
  outcome: 'retrying' | 'written' | 'conflict' | 'abandoned';
  /** Retries made so far. */
  attempts: number;
  error?: unknown;
}

export interface UnwrittenOptions {
  scheduler: Scheduler;
  /** The pause before the first retry, doubled after each failure up to `maxRetryMs`. Default 1 s. */
  firstRetryMs?: number | undefined;
  /** Default 30 s. */
  maxRetryMs?: number | undefined;
  onEvent?: ((event: UnwrittenEvent) => void) | undefined;
}

/** The lease kept for a set: released when the set is written (or given up). */
export interface KeptLease {
  release(): Promise<void>;
  /** Set once the lease is handed to a kept set: its holder must not release it then. */
  kept?: boolean;
}

/** The row gone (connection deleted): nothing left to write to, as if the version had moved. */
const goneIsConflict = (error: unknown): false | Promise<never> =>
  error instanceof AuthorizationStateError && error.code === 'NOT_AUTHORIZED' ? false : Promise.reject(error);

interface Kept {
  lease: KeptLease;
  attempts: number;
  cancel: () => void;
}

export class UnwrittenTokens {
  private readonly kept = new Map<string, Kept>();
  private stopped = false;

  constructor(private readonly options: UnwrittenOptions) {}

  /** The error a refresh of a resource whose set waits to be written fails with. */
  static busy(): AuthorizationStateError {
    const message = 'The last refreshed tokens of this authorization are still being stored; try again shortly.';
    return new AuthorizationStateError('REFRESH_BUSY', message);
  }

  /**
   * Writes a refreshed set (`write`: its compare-and-swap, true stored, false the version moved).
   * If the write throws, the set is kept with `lease` (marked kept) and written again in the
   * background; the error is rethrown to the caller.
   */
  async writeOrKeep(resource: string, lease: KeptLease, write: () => Promise<boolean>): Promise<boolean> {
    try {
      return await write();
    } catch (error) {
      lease.kept = true;
      this.keep(resource, lease, () => write().catch(goneIsConflict));
      throw error;
    }
  }

  /** Whether a set of `resource` is waiting to be written. */
  has(resource: string): boolean {
    return this.kept.has(resource);
  }

  /** How many sets are waiting to be written. */
  get size(): number {
    return this.kept.size;
  }

  /**
   * Keeps trying `write` (a compare-and-swap on the version the set was refreshed from: true
   * stored, false the version moved) until it lands, holding `lease` until then.
   */
  keep(resource: string, lease: KeptLease, write: () => Promise<boolean>): void {
    if (this.stopped) {
      void lease.release();
      return;
    }
    const kept: Kept = { lease, attempts: 0, cancel: () => undefined };
    this.kept.set(resource, kept);
    let pause = this.options.firstRetryMs ?? 1_000;
    const retry = async () => {
      kept.attempts += 1;
      try {
        const stored = await write();
        await this.end(resource, stored ? 'written' : 'conflict');
      } catch (error) {
        if (this.kept.get(resource) !== kept) return; // stopped meanwhile
        this.options.onEvent?.({ resource, outcome: 'retrying', attempts: kept.attempts, error });
        pause = Math.min(pause * 2, this.options.maxRetryMs ?? 30_000);
        kept.cancel = this.options.scheduler.schedule(() => void retry(), pause);
      }
    };
    kept.cancel = this.options.scheduler.schedule(() => void retry(), pause);
  }

  private async end(resource: string, outcome: UnwrittenEvent['outcome']): Promise<void> {
    const kept = this.kept.get(resource);
    if (kept === undefined) return;
    this.kept.delete(resource);
    kept.cancel();
    await kept.lease.release();
    this.options.onEvent?.({ resource, outcome, attempts: kept.attempts });
  }

  /** Stops trying (shutdown): every set still unwritten is lost, its lease released. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.kept.keys()].map((resource) => this.end(resource, 'abandoned')));
  }
}
