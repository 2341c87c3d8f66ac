/**
 * oauth-core's AuthorizationStatePort over the `authorizations` row (resource = the connection
 * id). Reads decrypt the token set; writes encrypt it and are a compare-and-swap on `version`:
 * `UPDATE … SET …, version = expected + 1 WHERE connection_id = ? AND version = expected`, and
 * the affected-row count decides. Token values are vault envelopes bound to `{ workspaceId,
 * connectionId, field }` (`access_token`, `refresh_token`, `id_token`), so a ciphertext moved
 * to another row does not decrypt (`token-columns.ts`).
 */
import {
  AuthorizationStateError,
  computeRefreshDueAt,
  systemClock,
  type AuthorizationStatePort,
  type AuthorizationStateUpdate,
  type Clock,
  type TokenVault,
  type VersionedAuthorizationState,
} from '@grantkeeper/oauth-core';
import type { EntityData } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { Authorization } from '../entities/index.js';
import type { Orm } from '../orm.js';
import { retryTransient } from '../transient.js';
import { decryptTokenSet, encryptTokenColumns } from './token-columns.js';

/** Columns a caller may set together with a state write (e.g. after the callback). */
export interface AuthorizationStateExtras {
  lastAuthorizedAt?: Date | null;
  authorizedBy?: string | null;
  authorizedByUserId?: string | null;
  /** Overrides the computed next refresh time. */
  nextRefreshAt?: Date | null;
}

/** The refresh bookkeeping of a row (no token is decrypted to read it). */
export interface RefreshSchedule {
  version: number;
  status: Authorization['status'];
  statusReason: string | null;
  hasAccessToken: boolean;
  hasRefreshToken: boolean;
  lastRefreshedAt: Date | null;
  nextRefreshAt: Date | null;
  nextRetryAt: Date | null;
  refreshFailures: number;
}

/** A failed refresh: status and tokens stay, the next attempt waits until `nextRetryAt`. */
export interface RefreshFailureRecord {
  refreshFailures: number;
  nextRetryAt: Date;
  statusReason: string;
}

export interface OrmAuthorizationStatePortOptions {
  orm: Orm;
  vault: TokenVault;
  clock?: Clock;
  /** Margin before expiry for the refresher's schedule (REFRESH_MARGIN_SECONDS). */
  refreshMarginSeconds: number;
  /** Where a retried write is logged (warn, without secrets); the app's logger. */
  logger?: Pick<Logger, 'warn'>;
}

/** What `read` returns: the state, and the refresh bookkeeping of the same row read. */
export interface StoredAuthorizationState extends VersionedAuthorizationState {
  schedule: RefreshSchedule;
}

/** The bookkeeping `read` returned with `state`, if it came from this port. */
export function scheduleReadWith(state: VersionedAuthorizationState): RefreshSchedule | null {
  return 'schedule' in state ? (state as StoredAuthorizationState).schedule : null;
}

/** Workspaces of rows read or written lately (a row never moves to another workspace). */
const WORKSPACE_MEMO_SIZE = 10_000;

export function toRefreshSchedule(row: Authorization): RefreshSchedule {
  return {
    version: row.version,
    status: row.status,
    statusReason: row.statusReason,
    hasAccessToken: row.accessTokenEnvelope !== null,
    hasRefreshToken: row.refreshTokenEnvelope !== null,
    lastRefreshedAt: row.lastRefreshedAt,
    nextRefreshAt: row.nextRefreshAt,
    nextRetryAt: row.nextRetryAt,
    refreshFailures: row.refreshFailures,
  };
}

/**
 * Besides the compare-and-swap of the token state, the small named writes of the refresh
 * bookkeeping, each one conditional UPDATE (like the lease port). Those conditioned on
 * `expectedVersion` do not bump it: they change bookkeeping, not the token state, so a refresh
 * waiting for a new version never takes a failure record for a new token set, and a record
 * made for an older token set never lands on a newer one.
 */
export class OrmAuthorizationStatePort implements AuthorizationStatePort {
  readonly #orm: Orm;
  readonly #vault: TokenVault;
  readonly #clock: Clock;
  readonly #marginSeconds: number;
  readonly #logger: Pick<Logger, 'warn'> | undefined;
  /** connectionId -> workspaceId, so a compare-and-swap after a read needs no second read. */
  readonly #workspaces = new Map<string, string>();
  /**
   * Each update's token columns, sealed on its first write. A caller that writes the same update
   * again (the RefreshCoordinator's background retry of a kept set) stores the same ciphertext,
   * so a try of an earlier call that committed unheard is known for this write's own ({@link #landed}).
   */
  readonly #sealed = new WeakMap<AuthorizationStateUpdate, { resource: string; columns: EntityData<Authorization> }>();

  constructor(opts: OrmAuthorizationStatePortOptions) {
    this.#orm = opts.orm;
    this.#vault = opts.vault;
    this.#clock = opts.clock ?? systemClock;
    this.#marginSeconds = opts.refreshMarginSeconds;
    this.#logger = opts.logger;
  }

  async #row(resource: string): Promise<Authorization> {
    const row = await this.#orm.em.fork().findOne(Authorization, { connectionId: resource });
    if (row === null) {
      throw new AuthorizationStateError('NOT_AUTHORIZED', 'This connection has no authorization record.');
    }
    this.#remember(row);
    return row;
  }

  #remember(row: Authorization): void {
    if (this.#workspaces.size >= WORKSPACE_MEMO_SIZE) this.#workspaces.clear();
    this.#workspaces.set(row.connectionId, row.workspaceId);
  }

  async read(resource: string): Promise<StoredAuthorizationState> {
    const row = await this.#row(resource);
    return {
      version: row.version,
      status: row.status,
      tokens: decryptTokenSet(row, this.#vault),
      statusReason: row.statusReason,
      schedule: toRefreshSchedule(row),
    };
  }

  /** When the refresher should next refresh after this update; null: not scheduled. */
  nextRefreshAt(update: Pick<AuthorizationStateUpdate, 'status' | 'tokens'>): Date | null {
    if (update.status !== 'AUTHORIZED' || update.tokens === null) return null;
    return computeRefreshDueAt(update.tokens, { marginSeconds: this.#marginSeconds, now: this.#clock.now() });
  }

  async compareAndSwap(
    resource: string,
    expectedVersion: number,
    update: AuthorizationStateUpdate,
    extras: AuthorizationStateExtras = {},
  ): Promise<boolean> {
    // The workspace binds the ciphertexts; the version check is the UPDATE's own condition.
    const earlier = this.#sealed.get(update);
    const again = earlier?.resource === resource;
    const columns = again ? earlier.columns : await this.#seal(resource, update);
    const now = this.#clock.now();
    const data: EntityData<Authorization> = {
      ...columns,
      status: update.status,
      statusReason: update.statusReason === null ? null : update.statusReason.slice(0, 1000),
      nextRefreshAt: this.nextRefreshAt(update),
      version: expectedVersion + 1,
      updatedAt: now,
    };
    if (update.refreshedAt !== undefined) {
      data.lastRefreshedAt = update.refreshedAt;
    }
    if (update.refreshedAt !== undefined || update.status !== 'AUTHORIZED') {
      data.refreshFailures = 0;
      data.nextRetryAt = null;
    }
    for (const [name, value] of Object.entries(extras)) {
      if (value !== undefined) (data as Record<string, unknown>)[name] = value;
    }
    // A refreshed token set may hold the only copy of a rotated refresh token (the manual refresh
    // writes it here): one compare-and-swap statement, safe to try again after a transient error.
    // A try before this one, in this call or in an earlier call of the same update, may have
    // committed although its connection was lost before the answer.
    const write = async (attempt: number) => {
      const changed = await this.#orm.em.fork().nativeUpdate(Authorization, { connectionId: resource, version: expectedVersion }, data);
      return changed === 0 && (attempt > 1 || again) && (await this.#landed(resource, expectedVersion, data)) ? 1 : changed;
    };
    const changed = await retryTransient(write, { logger: this.#logger, what: 'writing an authorization state' });
    if (changed === 0) await this.#row(resource); // gone: NOT_AUTHORIZED, as without the memo
    return changed === 1;
  }

  /** Seals `update`'s tokens for `resource` (bound to its workspace) and remembers them for a write of the same update again. */
  async #seal(resource: string, update: AuthorizationStateUpdate): Promise<EntityData<Authorization>> {
    const workspaceId = this.#workspaces.get(resource) ?? (await this.#row(resource)).workspaceId;
    const columns = encryptTokenColumns(update.tokens, { workspaceId, connectionId: resource }, this.#vault);
    this.#sealed.set(update, { resource, columns });
    return columns;
  }

  /**
   * Whether a try lost with its connection had committed: the row is at the version it wrote, with
   * the access token envelope it wrote (a random IV each: no other write stores it; no secret is
   * compared in clear). A write without tokens has no such mark: it answers a lost race.
   */
  async #landed(resource: string, expectedVersion: number, data: EntityData<Authorization>): Promise<boolean> {
    const written = data.accessTokenEnvelope;
    if (typeof written !== 'string') return false;
    const row = await this.#orm.em
      .fork()
      .findOne(Authorization, { connectionId: resource }, { fields: ['version', 'accessTokenEnvelope'] });
    return row !== null && row.version === expectedVersion + 1 && row.accessTokenEnvelope === written;
  }

  /** The refresh bookkeeping of the row; null when there is none. */
  async schedule(resource: string): Promise<RefreshSchedule | null> {
    const row = await this.#orm.em.fork().findOne(Authorization, { connectionId: resource });
    return row === null ? null : toRefreshSchedule(row);
  }

  /** Stop refreshing the row (as read at `expectedVersion`) automatically. */
  async unschedule(resource: string, expectedVersion: number): Promise<boolean> {
    const changed = await this.#orm.em
      .fork()
      .nativeUpdate(Authorization, { connectionId: resource, version: expectedVersion }, { nextRefreshAt: null, nextRetryAt: null });
    return changed === 1;
  }

  /** Record a failed refresh of the token set at `expectedVersion` (status and tokens unchanged). */
  async recordRefreshFailure(resource: string, expectedVersion: number, failure: RefreshFailureRecord): Promise<boolean> {
    const changed = await this.#orm.em.fork().nativeUpdate(
      Authorization,
      { connectionId: resource, version: expectedVersion },
      {
        refreshFailures: failure.refreshFailures,
        nextRetryAt: failure.nextRetryAt,
        statusReason: failure.statusReason.slice(0, 1000),
      },
    );
    return changed === 1;
  }

  /** Delete the row (its connection is being deleted). Returns how many rows went (0 or 1). */
  async remove(resource: string): Promise<number> {
    return this.#orm.em.fork().nativeDelete(Authorization, { connectionId: resource });
  }
}
