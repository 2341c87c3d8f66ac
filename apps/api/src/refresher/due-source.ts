/**
 * The refresher's view of the `authorizations` table: which rows are due now (leased to this
 * refresher by the due query itself, see `claims.ts`), when the next one becomes due, and the
 * refresh of one (through the AuthorizationService, which writes, audits and publishes).
 * Leased rows are left to their holder, which publishes the next due time when done. A refreshed
 * set whose write failed for good is kept here with its row's lease (`UnwrittenTokens`, as the
 * manual path's RefreshCoordinator keeps one) and written again until it lands.
 */
import { systemScheduler, UnwrittenTokens } from '@grantkeeper/oauth-core';
import type { EntityManager, ObjectQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Authorization } from '../persistence/entities/index.js';
import type { Orm } from '../persistence/orm.js';
import type { RawSql } from '../persistence/raw-sql.js';
import { logUnwritten, type AuthorizationService, type ClaimedAuthorization, type ScheduledRefreshResult } from '../services/index.js';
import type { RefreshClaims } from './claims.js';
import { nextDueAfter } from './next-due.js';

/** A due authorization: its connection, and its provider (token endpoint) for the throttle. */
export interface DueRefresh {
  connectionId: string;
  provider: string;
}

export interface RefreshSource {
  /** Authorizations due at `now` (not leased, not backing off), earliest first, at most `limit`. */
  due(now: Date, limit: number): Promise<DueRefresh[]>;
  /**
   * The earliest time later than `after` at which a row becomes due (its next refresh, or its
   * retry after a failure); null when none is scheduled. Rows already due at `after` are not
   * counted: the pass that started then has tried them.
   */
  nextDueAfter(after: Date, now: Date): Promise<Date | null>;
  /**
   * Refreshes a row `due` returned. `answered` is called once the provider has answered with a
   * new token set; what follows is its write.
   */
  refresh(row: DueRefresh, answered?: () => void): Promise<ScheduledRefreshResult>;
  /** Rows `due` returned that will not be refreshed now (stop, a paused provider): their leases go back. */
  release(connectionIds: string[]): Promise<void>;
  /** Gives back every lease this source holds (the refresher stopped), those of kept token sets too. */
  releaseAll(): Promise<void>;
  /**
   * Their provider is paused until `until`: rows still due wait until then (`nextRetryAt`,
   * without counting a failure), so the due query moves on to other providers' rows.
   */
  defer(connectionIds: string[], until: Date, now: Date): Promise<void>;
}

const notLeased = (now: Date): ObjectQuery<Authorization> => ({
  $or: [{ leaseExpiresAt: null }, { leaseExpiresAt: { $lt: now } }],
});

/** The rows a refresher would take at `now`. */
export const dueAt = (now: Date): ObjectQuery<Authorization> => ({
  nextRefreshAt: { $lte: now },
  status: 'AUTHORIZED',
  $and: [notLeased(now), { $or: [{ nextRetryAt: null }, { nextRetryAt: { $lte: now } }] }],
});

/**
 * The due query itself, earliest first: a range scan of `authorizations_next_refresh_at_index`
 * (`due-query-plan.int.test.ts` shows the plan at 100,000 rows on both dialects).
 */
export function dueQuery(em: EntityManager, now: Date, limit: number) {
  // Both drivers (better-sqlite, postgresql) are knex-based SQL drivers.
  return (em as SqlEntityManager)
    .createQueryBuilder(Authorization)
    .select(['connectionId'])
    .where(dueAt(now))
    .orderBy({ nextRefreshAt: 'asc' })
    .limit(limit);
}

/** How many rows are due and not yet taken (the backlog): the due query, counted. */
export function countDue(orm: Orm, now: Date): Promise<number> {
  return orm.em.fork().count(Authorization, dueAt(now));
}

export class OrmRefreshSource implements RefreshSource {
  /** Rows leased by `due` and not yet refreshed or released, and those whose refreshed set is kept. */
  readonly #held = new Map<string, ClaimedAuthorization>();
  #renewal: ReturnType<typeof setInterval> | undefined;
  /**
   * Refreshed token sets whose write failed for good, written again in the background; their
   * rows stay held (and renewed) meanwhile, so no refresh presents the spent refresh token.
   */
  readonly #unwritten: UnwrittenTokens;

  readonly #db: { em: EntityManager; sql: RawSql };

  constructor(
    private readonly orm: Orm,
    sql: RawSql,
    private readonly authorizations: Pick<AuthorizationService, 'refreshClaimed'>,
    private readonly claims: RefreshClaims,
    private readonly logger: Logger,
  ) {
    this.#db = { em: orm.em, sql };
    this.#unwritten = new UnwrittenTokens({ scheduler: systemScheduler, onEvent: (event) => logUnwritten(logger, event) });
  }

  /** How many refreshed token sets wait to be written again. */
  get unwrittenCount(): number {
    return this.#unwritten.size;
  }

  /** Leases the earliest due rows (not leased, not backing off) to this refresher and returns them. */
  async due(now: Date, limit: number): Promise<DueRefresh[]> {
    const claimed = await this.claims.claim(now, limit);
    for (const row of claimed) this.#held.set(row.connection.id, row);
    if (this.#held.size > 0) this.#renewing();
    return claimed.map(({ connection }) => ({ connectionId: connection.id, provider: connection.tokenEndpoint ?? '' }));
  }

  async refresh(row: DueRefresh, answered?: () => void): Promise<ScheduledRefreshResult> {
    const claimed = this.#held.get(row.connectionId);
    if (claimed === undefined) return { outcome: 'skipped' };
    let kept = false;
    try {
      const result = await this.authorizations.refreshClaimed(this.#db, claimed, answered);
      if (result.unwritten) {
        // Kept with its lease (still held, renewed) until written; then the keeper releases it.
        kept = true;
        const lease = { release: () => this.release([row.connectionId]) };
        this.#unwritten.keep(row.connectionId, lease, result.unwritten);
      } else if (result.outcome !== 'refreshed') {
        // A written refresh released its lease in the same statement.
        await this.claims.release([row.connectionId]);
      }
      return result;
    } finally {
      if (!kept) this.#forget(row.connectionId);
    }
  }

  async release(connectionIds: string[]): Promise<void> {
    await this.claims.release(connectionIds);
    for (const id of connectionIds) this.#forget(id);
  }

  /** Kept token sets are given up first (lost: memory only), then every lease goes back. */
  async releaseAll(): Promise<void> {
    await this.#unwritten.stop();
    for (const id of [...this.#held.keys()]) this.#forget(id);
    await this.claims.releaseAll();
  }

  /** Renews the leases held every third of their TTL, while any are held. */
  #renewing(): void {
    if (this.#renewal !== undefined) return;
    this.#renewal = setInterval(
      () => {
        this.claims.renew([...this.#held.keys()], new Date()).catch((error: unknown) => {
          this.logger.warn({ err: error }, 'renewing the refresher leases failed');
        });
      },
      Math.max(1, Math.floor(this.claims.leaseTtlMs / 3)),
    );
    this.#renewal.unref();
  }

  #forget(connectionId: string): void {
    this.#held.delete(connectionId);
    if (this.#held.size === 0 && this.#renewal !== undefined) {
      clearInterval(this.#renewal);
      this.#renewal = undefined;
    }
  }

  nextDueAfter(after: Date, now: Date): Promise<Date | null> {
    return nextDueAfter(this.#db.sql, after, now);
  }

  async defer(connectionIds: string[], until: Date, now: Date): Promise<void> {
    await this.orm.em.fork().nativeUpdate(
      Authorization,
      {
        connectionId: { $in: connectionIds },
        nextRefreshAt: { $lte: now },
        status: 'AUTHORIZED',
        $or: [{ nextRetryAt: null }, { nextRetryAt: { $lt: until } }],
      },
      { nextRetryAt: until },
    );
    await this.release(connectionIds);
  }
}
