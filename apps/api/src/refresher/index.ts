import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import type { Orm } from '../persistence/orm.js';
import type { AuthorizationService } from '../services/index.js';
import type { DatabaseConfig } from '../config.js';
import { createRawSql } from '../persistence/raw-sql.js';
import { RefreshClaims } from './claims.js';
import { OrmRefreshSource } from './due-source.js';
import { Refresher } from './refresher.js';

export { RefreshClaims } from './claims.js';
export { OrmRefreshSource, countDue, type DueRefresh, type RefreshSource } from './due-source.js';
export { DEFAULT_REFRESHER_CONCURRENCY, Refresher, type RefresherOptions, type RefresherStats } from './refresher.js';

/** The refresher of one instance over its database, woken by `refresher/due` on its bus. */
export function createRefresher(options: {
  orm: Orm;
  authorizations: AuthorizationService;
  bus: EventBus;
  logger: Logger;
  intervalMs: number;
  /** REFRESHER_CONCURRENCY */
  concurrency: number;
  kind: DatabaseConfig['kind'];
  /** The lease owner token of this refresher (distinct from the coordinator's). */
  owner: string;
}): Refresher {
  const sql = createRawSql(options.orm, options.kind);
  const claims = new RefreshClaims(sql, options.owner);
  const source = new OrmRefreshSource(options.orm, sql, options.authorizations, claims, options.logger);
  return new Refresher({
    source,
    bus: options.bus,
    logger: options.logger,
    intervalMs: options.intervalMs,
    concurrency: options.concurrency,
    // A database server's commit latency must not idle the slots; SQLite writes on this thread.
    writesPerSlot: options.kind === 'postgres' ? 4 : 0,
  });
}
