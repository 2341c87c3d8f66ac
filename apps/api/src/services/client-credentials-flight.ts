/**
 * One client_credentials grant per connection across every instance: the fetch runs under the
 * connection's lease (the lease port, over `client_credentials_tokens`), re-reads the shared
 * row under it, and writes the new token with a compare-and-swap on the version it read. An
 * instance that finds the lease held waits until the holder's token appears (the version moves)
 * or the lease is free, then uses the stored token without a grant of its own.
 */
import {
  AuthorizationStateError,
  requestClientCredentialsToken,
  type HttpFetch,
  type LeasePort,
  type TokenSet,
  type TokenVault,
} from '@grantkeeper/oauth-core';
import type { Connection } from '../persistence/entities/index.js';
import type { StoredClientCredentialsToken } from '../persistence/ports/index.js';
import { providerConfigOf } from './provider-config.js';

/** The shared rows, as OrmClientCredentialsStore implements them. */
export interface ClientCredentialsStore {
  read(connectionId: string): Promise<StoredClientCredentialsToken | null>;
  ensure(workspaceId: string, connectionId: string): Promise<void>;
  compareAndSwap(
    key: { workspaceId: string; connectionId: string },
    expectedVersion: number,
    tokens: TokenSet | null,
    settingsAt: Date | null,
  ): Promise<boolean>;
  remove(connectionId: string): Promise<number>;
}

export interface ClientCredentialsFlightDeps {
  vault: TokenVault;
  store: ClientCredentialsStore;
  lease: LeasePort;
  ownerId: string;
  fetch?: HttpFetch | undefined;
  now: () => number;
  /** A stored token expiring within this long is not used. */
  marginMs: number;
  /** Lease TTL: longer than a token request can take (default 30 s). */
  leaseTtlMs?: number | undefined;
  /** How often a waiter re-checks the row (default 50 ms) and for how long (default 45 s). */
  pollIntervalMs?: number | undefined;
  waitTimeoutMs?: number | undefined;
}

/** A token as stored (version and settings), or fetched but not stored (version null). */
export interface SharedToken {
  version: number | null;
  settingsAt: number;
  tokens: TokenSet;
  /** This call made the grant (false: another call's stored token). */
  fetched: boolean;
}

/**
 * @param replace when set (after a 401, or Test Token), a stored token counts only if its
 *   version is above this one (`'stored'`: above the one stored now): that is the token being
 *   replaced. Null: any usable stored token does.
 */
export async function obtainSharedToken(
  deps: ClientCredentialsFlightDeps,
  connection: Connection,
  replace: number | 'stored' | null,
): Promise<SharedToken> {
  let initial = await deps.store.read(connection.id);
  const floor = replace === 'stored' ? (initial?.version ?? -1) : replace;
  const settingsAt = connection.updatedAt.getTime();
  const usable = (row: StoredClientCredentialsToken | null): SharedToken | null => {
    if (row?.tokens == null || row.settingsAt?.getTime() !== settingsAt) return null;
    if ((row.tokens.expiresAt?.getTime() ?? Infinity) - deps.now() <= deps.marginMs) return null;
    if (floor !== null && row.version <= floor) return null;
    return { version: row.version, settingsAt, tokens: row.tokens, fetched: false };
  };
  const stored = usable(initial);
  if (stored) return stored;
  if (initial === null) {
    await deps.store.ensure(connection.workspaceId, connection.id);
    initial = (await deps.store.read(connection.id))!;
  }
  const started = deps.now();
  for (;;) {
    if (await deps.lease.acquire(connection.id, deps.ownerId, deps.leaseTtlMs ?? 30_000)) {
      try {
        return await fetchUnderLease(deps, connection, usable);
      } finally {
        await deps.lease.release(connection.id, deps.ownerId).catch(() => undefined);
      }
    }
    // Held by another instance: its token is our answer once it is stored.
    const now = await deps.store.read(connection.id);
    const theirs = now && now.version !== initial.version ? usable(now) : null;
    if (theirs) return theirs;
    if (deps.now() - started >= (deps.waitTimeoutMs ?? 45_000)) {
      throw new AuthorizationStateError('REFRESH_BUSY', 'Another instance is fetching this token and did not finish in time.');
    }
    await new Promise((resolve) => setTimeout(resolve, deps.pollIntervalMs ?? 50));
  }
}

async function fetchUnderLease(
  deps: ClientCredentialsFlightDeps,
  connection: Connection,
  usable: (row: StoredClientCredentialsToken | null) => SharedToken | null,
): Promise<SharedToken> {
  const current = await deps.store.read(connection.id);
  const stored = usable(current);
  if (stored) return stored;
  const tokens = await requestClientCredentialsToken({ provider: providerConfigOf(connection, deps.vault), fetch: deps.fetch });
  const settingsAt = connection.updatedAt.getTime();
  const version = current?.version ?? 0;
  const key = { workspaceId: connection.workspaceId, connectionId: connection.id };
  // Lost only when the row was removed or rewritten meanwhile (settings changed): use it unshared.
  const written = await deps.store.compareAndSwap(key, version, tokens, new Date(settingsAt));
  return { version: written ? version + 1 : null, settingsAt, tokens, fetched: true };
}
