/**
 * The refresher's view of the `authorizations` table: which rows are due now, when the next
 * one becomes due, and the refresh of one (through the AuthorizationService, which audits and
 * publishes). Leased rows are left to their holder, which publishes the next due time when done.
 */
import type { EntityManager, ObjectQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { Authorization, Connection } from '../persistence/entities/index.js';
import type { Orm } from '../persistence/orm.js';
import type { AuthorizationService, ScheduledRefreshResult } from '../services/index.js';

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
  refresh(connectionId: string): Promise<ScheduledRefreshResult>;
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
  constructor(
    private readonly orm: Orm,
    private readonly authorizations: Pick<AuthorizationService, 'refreshScheduled'>,
  ) {}

  /** The indexed due query (`nextRefreshAt`), skipping leased rows and rows backing off. */
  async due(now: Date, limit: number): Promise<DueRefresh[]> {
    const em = this.orm.em.fork();
    const rows = await dueQuery(em, now, limit).execute<{ connectionId: string }[]>('all');
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.connectionId);
    const connections = await em.find(Connection, { id: { $in: ids } }, { fields: ['id', 'tokenEndpoint'] });
    const providers = new Map(connections.map((c) => [c.id, c.tokenEndpoint ?? '']));
    return ids.map((connectionId) => ({ connectionId, provider: providers.get(connectionId) ?? '' }));
  }

  async nextDueAfter(after: Date, now: Date): Promise<Date | null> {
    const em = this.orm.em.fork();
    // Not backing off (or no longer at `after`): due at nextRefreshAt.
    const [scheduled] = await em.find(
      Authorization,
      {
        nextRefreshAt: { $gt: after },
        status: 'AUTHORIZED',
        $and: [notLeased(now), { $or: [{ nextRetryAt: null }, { nextRetryAt: { $lte: after } }] }],
      },
      { fields: ['nextRefreshAt'], orderBy: { nextRefreshAt: 'asc' }, limit: 1 },
    );
    // Backing off: due at nextRetryAt at the earliest (waking early only costs one empty query).
    const [retrying] = await em.find(
      Authorization,
      { nextRetryAt: { $gt: after }, nextRefreshAt: { $ne: null }, status: 'AUTHORIZED', $and: [notLeased(now)] },
      { fields: ['nextRetryAt'], orderBy: { nextRetryAt: 'asc' }, limit: 1 },
    );
    const times = [scheduled?.nextRefreshAt, retrying?.nextRetryAt].filter((t): t is Date => t instanceof Date);
    return times.length === 0 ? null : new Date(Math.min(...times.map((t) => t.getTime())));
  }

  refresh(connectionId: string): Promise<ScheduledRefreshResult> {
    return this.authorizations.refreshScheduled(this.orm.em.fork(), connectionId);
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
  }
}
