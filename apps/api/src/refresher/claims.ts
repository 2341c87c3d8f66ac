/**
 * The refresher's leases, taken by the due query itself: one UPDATE sets this refresher's
 * lease on the earliest due rows (AUTHORIZED, `nextRefreshAt` passed, not leased, not backing
 * off) and returns them, so each refresh starts from the row as it was when its lease was taken,
 * without reading it again. On PostgreSQL the subquery locks the rows it picks with
 * `FOR UPDATE SKIP LOCKED` (a row another instance is claiming is skipped; a row changed
 * meanwhile is re-checked); on SQLite writes are serialised, so the conditional UPDATE alone
 * decides. The candidates are a range of `authorizations_next_refresh_at_index`, as in
 * `dueQuery`. On PostgreSQL the claimed rows come back joined with their connections (one round
 * trip; each row and its connection as one JSON object apiece, so their same-named columns stay
 * apart); SQLite (in-process, where an UPDATE cannot be joined) reads the connections next.
 * Leases are renewed every third of their TTL while held and released by their owner.
 */
import { DEFAULT_LEASE_TTL_MS } from '@grantkeeper/oauth-core';
import type { DatabaseConfig } from '../config.js';
import { authorizationFromRow, binder, connectionFromRow, type RawRow } from '../persistence/plain-rows.js';
import type { RawSql } from '../persistence/raw-sql.js';
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

/** PostgreSQL: the claim with each row's connection (null when it is gone), in one statement. */
const claimWithConnectionsSql = `
with claimed as (${claimSql(' for update skip locked')})
select to_jsonb(claimed) as a, to_jsonb(c) as c from claimed left join connections c on c.id = claimed.connection_id`;

/**
 * A list of ids as one parameter, so each statement has one text whatever the list's length
 * (prepared once): a JSON array on SQLite, a varchar[] on PostgreSQL.
 */
const idsIn = (kind: DatabaseConfig['kind'], column: string) =>
  kind === 'postgres' ? `${column} = any(?::varchar[])` : `${column} in (select value from json_each(?))`;

/** A claimed row and its connection's row (null when the connection is gone). */
interface JoinedRow {
  a: RawRow;
  c: RawRow | null;
}

interface Statements {
  claim: string;
  connections: string;
  renew: string;
  release: string;
  releaseAll: string;
}

/**
 * PostgreSQL: a renewal skips the rows locked meanwhile (SKIP LOCKED). Those are this refresher's
 * own group commits writing a refreshed token set (which ends the lease anyway): a renewal that
 * waited for one while holding the locks of the rows it had already renewed could deadlock with
 * it, and PostgreSQL would then abort either, possibly the write, whose refresh token was
 * already rotated at the provider.
 */
const renewSql = (kind: DatabaseConfig['kind']) =>
  kind === 'postgres'
    ? `update authorizations set lease_expires_at = ? where id in (
  select id from authorizations where ${idsIn(kind, 'connection_id')} and lease_owner = ? for update skip locked)`
    : `update authorizations set lease_expires_at = ? where ${idsIn(kind, 'connection_id')} and lease_owner = ?`;

function statementsOf(kind: DatabaseConfig['kind']): Statements {
  return {
    claim: kind === 'postgres' ? claimWithConnectionsSql : claimSql(''),
    connections: `select * from connections where ${idsIn(kind, 'id')}`,
    renew: renewSql(kind),
    release: `update authorizations set lease_owner = null, lease_expires_at = null where ${idsIn(kind, 'connection_id')} and lease_owner = ?`,
    releaseAll: `update authorizations set lease_owner = null, lease_expires_at = null where lease_owner = ?`,
  };
}

export class RefreshClaims {
  readonly #sql: Statements;
  readonly #bind: ReturnType<typeof binder>;
  readonly #ids: (ids: readonly string[]) => unknown;

  constructor(
    private readonly db: RawSql,
    /** This refresher's lease owner token (not the coordinator's: a manual refresh here waits for it). */
    readonly owner: string,
    readonly leaseTtlMs: number = DEFAULT_LEASE_TTL_MS,
  ) {
    this.#sql = statementsOf(db.kind);
    this.#bind = binder(db.kind);
    this.#ids = db.kind === 'postgres' ? (ids) => ids : (ids) => JSON.stringify(ids);
  }

  /** The claim statement and its parameters (also for its query plan). */
  statement(now: Date, limit: number): { sql: string; params: unknown[] } {
    const { time } = this.#bind;
    const until = new Date(now.getTime() + this.leaseTtlMs);
    return { sql: this.#sql.claim, params: [this.owner, time(until), time(now), time(now), time(now), limit] };
  }

  /**
   * Leases up to `limit` due rows to this refresher; earliest due first, each with its
   * connection, as plain rows (no entity, no identity map).
   */
  async claim(now: Date, limit: number): Promise<ClaimedAuthorization[]> {
    const { sql, params } = this.statement(now, limit);
    const pairs = this.db.kind === 'postgres' ? await this.db.all<JoinedRow>(sql, params) : await this.#sqliteClaim(sql, params);
    if (pairs.length === 0) return [];
    const rows = pairs.map((pair) => ({ row: authorizationFromRow(pair.a), connection: pair.c }));
    rows.sort((x, y) => (x.row.nextRefreshAt?.getTime() ?? 0) - (y.row.nextRefreshAt?.getTime() ?? 0));
    const claimed: ClaimedAuthorization[] = [];
    const orphans: string[] = [];
    for (const { row, connection } of rows) {
      if (connection) claimed.push({ connection: connectionFromRow(connection), row, leaseOwner: this.owner });
      else orphans.push(row.connectionId);
    }
    if (orphans.length > 0) await this.release(orphans);
    return claimed;
  }

  /** SQLite: the claim, then the claimed rows' connections (one more statement, in-process). */
  async #sqliteClaim(sql: string, params: unknown[]): Promise<JoinedRow[]> {
    const raw = await this.db.all<RawRow>(sql, params);
    if (raw.length === 0) return [];
    const found = await this.db.all<RawRow>(this.#sql.connections, [this.#ids(raw.map((row) => String(row.connection_id)))]);
    const connections = new Map(found.map((data) => [String(data.id), data]));
    return raw.map((a) => ({ a, c: connections.get(String(a.connection_id)) ?? null }));
  }

  /** Extends the leases this refresher holds on `connectionIds` (on PostgreSQL, those not being written). */
  async renew(connectionIds: readonly string[], now: Date): Promise<void> {
    const until = this.#bind.time(new Date(now.getTime() + this.leaseTtlMs));
    await this.db.run(this.#sql.renew, [until, this.#ids(connectionIds), this.owner]);
  }

  /** Gives up the leases this refresher holds on `connectionIds` (rows it will not refresh now). */
  async release(connectionIds: readonly string[]): Promise<void> {
    if (connectionIds.length === 0) return;
    await this.db.run(this.#sql.release, [this.#ids(connectionIds), this.owner]);
  }

  /** Every lease of this refresher (shutdown). */
  async releaseAll(): Promise<void> {
    await this.db.run(this.#sql.releaseAll, [this.owner]);
  }
}
