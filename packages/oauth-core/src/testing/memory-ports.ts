/**
 * In-memory implementations of the engine's ports, for tests (the `runtime-test` idea): plain
 * objects with the same semantics the API's database implementations must have. Not exported
 * from the package entry.
 */
import {
  systemClock,
  type AuthorizationStatePort,
  type AuthorizationStateUpdate,
  type Clock,
  type LeasePort,
  type PendingFlow,
  type PendingFlowStore,
  type VersionedAuthorizationState,
} from '../ports.js';
import type { TokenSet } from '../types.js';

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date('2026-01-01T00:00:00Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export class MemoryPendingFlowStore implements PendingFlowStore {
  readonly flows = new Map<string, PendingFlow>();
  saves = 0;
  takes = 0;

  async save(flow: PendingFlow): Promise<void> {
    this.saves += 1;
    this.flows.set(flow.stateHash, structuredClone(flow));
  }

  async take(stateHash: string): Promise<PendingFlow | null> {
    this.takes += 1;
    const flow = this.flows.get(stateHash) ?? null;
    this.flows.delete(stateHash);
    return flow;
  }
}

interface LeaseRecord {
  owner: string;
  expiresAt: number;
}

/** A lease table: one owner per resource until it releases or the TTL passes. */
export class MemoryLeasePort implements LeasePort {
  private readonly leases = new Map<string, LeaseRecord>();
  acquisitions = 0;
  renewals = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  private live(resource: string): LeaseRecord | undefined {
    const record = this.leases.get(resource);
    if (record !== undefined && record.expiresAt <= this.clock.now().getTime()) {
      this.leases.delete(resource);
      return undefined;
    }
    return record;
  }

  async acquire(resource: string, owner: string, ttlMs: number): Promise<boolean> {
    if (this.live(resource) !== undefined) return false;
    this.leases.set(resource, { owner, expiresAt: this.clock.now().getTime() + ttlMs });
    this.acquisitions += 1;
    return true;
  }

  async renew(resource: string, owner: string, ttlMs: number): Promise<boolean> {
    const record = this.live(resource);
    if (record?.owner !== owner) return false;
    record.expiresAt = this.clock.now().getTime() + ttlMs;
    this.renewals += 1;
    return true;
  }

  async release(resource: string, owner: string): Promise<void> {
    if (this.live(resource)?.owner === owner) this.leases.delete(resource);
  }

  /** The current owner, for assertions. */
  ownerOf(resource: string): string | undefined {
    return this.live(resource)?.owner;
  }
}

/** Versioned token state per resource, with compare-and-swap writes and a write log. */
export class MemoryAuthorizationStatePort implements AuthorizationStatePort {
  private readonly states = new Map<string, VersionedAuthorizationState>();
  readonly writes: { resource: string; update: AuthorizationStateUpdate }[] = [];
  reads = 0;
  failedSwaps = 0;

  /** Store an authorized token set (version 1), as a completed authorization would. */
  seed(resource: string, tokens: TokenSet | null, status = tokens ? 'AUTHORIZED' : 'NOT_AUTHORIZED'): void {
    this.states.set(resource, {
      version: 1,
      status: status as VersionedAuthorizationState['status'],
      tokens,
      statusReason: null,
    });
  }

  async read(resource: string): Promise<VersionedAuthorizationState> {
    this.reads += 1;
    const state = this.states.get(resource) ?? {
      version: 0,
      status: 'NOT_AUTHORIZED' as const,
      tokens: null,
      statusReason: null,
    };
    return structuredClone(state);
  }

  async compareAndSwap(resource: string, expectedVersion: number, update: AuthorizationStateUpdate): Promise<boolean> {
    const current = this.states.get(resource);
    if ((current?.version ?? 0) !== expectedVersion) {
      this.failedSwaps += 1;
      return false;
    }
    this.states.set(resource, {
      version: expectedVersion + 1,
      status: update.status,
      tokens: update.tokens === null ? null : structuredClone(update.tokens),
      statusReason: update.statusReason,
    });
    this.writes.push({ resource, update: structuredClone(update) });
    return true;
  }

  /** A synchronous peek, for assertions. */
  peek(resource: string): VersionedAuthorizationState | undefined {
    const state = this.states.get(resource);
    return state === undefined ? undefined : structuredClone(state);
  }
}
