/**
 * Ports: every piece of I/O the engine needs comes in through one of these interfaces.
 * The API implements them over MikroORM and Redis; tests implement them with plain objects.
 */
import type { AuthorizationKey, AuthorizationStatus, TokenSet } from './types.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Timers as the engine uses them: waits, background callbacks and elapsed time. Tests pass a
 * scheduler they move by hand, so nothing in a test waits for wall-clock time.
 */
export interface Scheduler {
  /** Milliseconds on a monotonic clock; only differences between two readings mean anything. */
  elapsedMs(): number;
  /** Resolves after `ms`. */
  sleep(ms: number): Promise<void>;
  /**
   * Calls `callback` once after `ms` without keeping the process alive for it; the returned
   * function cancels the call.
   */
  schedule(callback: () => void, ms: number): () => void;
}

export const systemScheduler: Scheduler = {
  elapsedMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  schedule(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

/**
 * `fetch` as the engine uses it (also passed to openid-client as its `customFetch`). A fetch that
 * ends every request itself within `timeoutMs` says so, and the engine then gives its requests
 * no deadline of its own (otherwise each request gets openid-client's 30 s `AbortSignal`).
 */
export type HttpFetch = ((input: string | URL, init?: RequestInit) => Promise<Response>) & {
  readonly timeoutMs?: number | undefined;
};

/** A pending authorization flow between Start Authorization and the callback. */
export interface PendingFlow {
  /** SHA-256 (base64url) of the `state` value; the state itself is never stored. */
  stateHash: string;
  key: AuthorizationKey;
  /** PKCE code verifier, encrypted by the vault (field `code_verifier`). */
  codeVerifierEnvelope: string;
  /** OpenID nonce when `openid` was requested. */
  nonce: string | null;
  redirectUri: string;
  /** Id of the user who started the flow, when known. */
  initiatedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface PendingFlowStore {
  save(flow: PendingFlow): Promise<void>;
  /**
   * Atomically remove and return the flow with this state hash (single use), or null when there
   * is none. Expired flows are returned too (the engine rejects them with FLOW_EXPIRED).
   */
  take(stateHash: string): Promise<PendingFlow | null>;
}

/**
 * A lease on one authorization: at most one holder at a time across every process.
 * Implementations must make `acquire`, `renew` and `release` atomic, and `renew`/`release`
 * must only succeed for the current owner.
 */
export interface LeasePort {
  acquire(resource: string, owner: string, ttlMs: number): Promise<boolean>;
  renew(resource: string, owner: string, ttlMs: number): Promise<boolean>;
  release(resource: string, owner: string): Promise<void>;
}

/** What the coordinator reads and writes: the authorization's token state with its version. */
export interface VersionedAuthorizationState {
  version: number;
  status: AuthorizationStatus;
  tokens: TokenSet | null;
  statusReason: string | null;
}

export interface AuthorizationStateUpdate {
  status: AuthorizationStatus;
  tokens: TokenSet | null;
  statusReason: string | null;
  /** Set when the update is the result of a successful refresh. */
  refreshedAt?: Date | undefined;
}

/** Versioned storage for an authorization's tokens: reads, and compare-and-swap writes. */
export interface AuthorizationStatePort {
  read(resource: string): Promise<VersionedAuthorizationState>;
  /**
   * Write `update` only if the stored version still equals `expectedVersion`; on success the
   * version is incremented. Returns false (and writes nothing) when the version has moved.
   * A write that failed may have been stored all the same (a connection lost after the commit):
   * the coordinator then calls again with the same `update` object, and a port that can tell
   * its own earlier write (the database adapter: by its ciphertext) answers true for it.
   */
  compareAndSwap(resource: string, expectedVersion: number, update: AuthorizationStateUpdate): Promise<boolean>;
}
