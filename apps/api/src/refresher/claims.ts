/**
 * The refresher's leases, taken by the due query itself: one UPDATE sets this refresher's
 * lease on the earliest due rows (AUTHORIZED, `nextRefreshAt` passed, not leased, not backing
 * off) and returns them, so each refresh starts from the row as it was when its lease was taken,
 * without reading it again. On PostgreSQL the subquery locks the rows it picks with
 * `FOR UPDATE SKIP LOCKED` (a row another instance is claiming is skipped; a row changed
 * meanwhile is re-checked); on SQLite writes are serialised, so the conditional UPDATE alone
 * decides. The candidates are a range of `authorizations_next_refresh_at_index`, as in
 * `dueQuery`. Leases are renewed every third of their TTL while held and released by their owner.
 */
import { DEFAULT_LEASE_TTL_MS } from '@grantkeeper/oauth-core';
import type { DatabaseConfig } from '../config.js';
import { Authorization, Connection } from '../persistence/entities/index.js';
import type { Orm } from '../persistence/orm.js';
import type { ClaimedAuthorization } from '../services/index.js';

const claimSql = (lockClause: string) => `
update authorizations set lease_owner = ?, lease_expires_at = ?
where id in (
  select a.id from authorizations a
  where a.next_refresh_at <= ? and a.status = 'AUTHORIZED'
    and (a.lease_expires_at is null or a.lease_expires_at < ?)
    and (a.next_retry_at is null or a.next_retry_at <= ?)
  order by a.next_refresh_at
  limit ?${lockClause}
)
returning *`;

/** Rows per statement when renewing or releasing many leases. */
const CHUNK = 500;

export class RefreshClaims {
  readonly #sql: string;

  constructor(
    private readonly orm: Orm,
    kind: DatabaseConfig['kind'],
    /** This refresher's lease owner token (not the coordinator's: a manual refresh here waits for it). */
    readonly owner: string,
    readonly leaseTtlMs: number = DEFAULT_LEASE_TTL_MS,
  ) {
    this.#sql = claimSql(kind === 'postgres' ? ' for update skip locked' : '');
  }

  /** The claim statement and its parameters (also for its query plan). */
  statement(now: Date, limit: number): { sql: string; params: unknown[] } {
    const time = (date: Date) => this.orm.em.getPlatform().processDateProperty(date);
    const until = new Date(now.getTime() + this.leaseTtlMs);
    return { sql: this.#sql, params: [this.owner, time(until), time(now), time(now), time(now), limit] };
  }

  /** Leases up to `limit` due rows to this refresher; earliest due first, each with its connection. */
  async claim(now: Date, limit: number): Promise<ClaimedAuthorization[]> {
    const em = this.orm.em.fork();
    const { sql, params } = this.statement(now, limit);
    const raw: Record<string, unknown>[] = await em.getConnection().execute(sql, params, 'all');
    if (raw.length === 0) return [];
    const rows = raw.map((data) => em.map(Authorization, data));
    rows.sort((x, y) => (x.nextRefreshAt?.getTime() ?? 0) - (y.nextRefreshAt?.getTime() ?? 0));
    const connections = new Map((await em.find(Connection, { id: { $in: rows.map((row) => row.connectionId) } })).map((c) => [c.id, c]));
    const claimed: ClaimedAuthorization[] = [];
    const orphans: string[] = [];
    for (const row of rows) {
      const connection = connections.get(row.connectionId);
      if (connection) claimed.push({ connection, row, leaseOwner: this.owner });
      else orphans.push(row.connectionId);
    }
    if (orphans.length > 0) await this.release(orphans);
    em.clear();
    return claimed;
  }

  /** Extends the leases this refresher holds on `connectionIds`. */
  async renew(connectionIds: readonly string[], now: Date): Promise<void> {
    const leaseExpiresAt = new Date(now.getTime() + this.leaseTtlMs);
    for (let i = 0; i < connectionIds.length; i += CHUNK) {
      const chunk = connectionIds.slice(i, i + CHUNK);
      await this.orm.em.fork().nativeUpdate(Authorization, { connectionId: { $in: chunk }, leaseOwner: this.owner }, { leaseExpiresAt });
    }
  }

  /** Gives up the leases this refresher holds on `connectionIds` (rows it will not refresh now). */
  async release(connectionIds: readonly string[]): Promise<void> {
    for (let i = 0; i < connectionIds.length; i += CHUNK) {
      const chunk = connectionIds.slice(i, i + CHUNK);
      await this.orm.em
        .fork()
        .nativeUpdate(Authorization, { connectionId: { $in: chunk }, leaseOwner: this.owner }, { leaseOwner: null, leaseExpiresAt: null });
    }
  }

  /** Every lease of this refresher (shutdown). */
  releaseAll(): Promise<number> {
    return this.orm.em.fork().nativeUpdate(Authorization, { leaseOwner: this.owner }, { leaseOwner: null, leaseExpiresAt: null });
  }
}
