/**
 * The refresher's writes of refreshed token sets, many in one transaction (the caller's, which
 * also writes their audit rows and webhook deliveries): one compare-and-swap UPDATE per row on
 * the `version` read when its lease was taken, the lease released in the same statement (only
 * when the writer still owns it), so a refresh costs one write instead of a write and a release.
 * Token values are sealed as `encryptTokenColumns` seals them (bound to workspace, connection
 * and field). On PostgreSQL `writeRefreshedInOneStatement` also inserts the winners' audit rows in
 * the same statement, outside any transaction (one round trip instead of BEGIN, UPDATE, INSERT,
 * outbox read, COMMIT).
 */
import type { TokenSet, TokenVault } from '@grantkeeper/oauth-core';
import { byColumn, type InsertSpec } from '../batch-insert.js';
import { binder } from '../plain-rows.js';
import type { RawSql, RawTransaction } from '../raw-sql.js';
import { encryptTokenColumns } from './authorization-state-port.js';

/** One refreshed token set to store over `expectedVersion`, and the lease `leaseOwner` holds on it. */
export interface RefreshedWrite {
  connectionId: string;
  workspaceId: string;
  expectedVersion: number;
  tokens: TokenSet;
  refreshedAt: Date;
  nextRefreshAt: Date | null;
  leaseOwner: string;
}

/**
 * Every SET expression reads the row as it was before the UPDATE (both dialects), so the lease
 * columns are cleared only when the old owner is the writer.
 */
const SET = `
  access_token_envelope = v.access, refresh_token_envelope = v.refresh, id_token_envelope = v.idt, token_type = v.ttype,
  token_expires_at = v.texp, refresh_token_expires_at = v.rtexp, granted_scopes = v.scopes, obtained_at = v.obtained,
  status = 'AUTHORIZED', status_reason = null, next_refresh_at = v.next_at,
  version = v.expected + 1, updated_at = v.at, last_refreshed_at = v.at, refresh_failures = 0, next_retry_at = null,
  lease_expires_at = case when authorizations.lease_owner = v.owner then null else authorizations.lease_expires_at end,
  lease_owner = case when authorizations.lease_owner = v.owner then null else authorizations.lease_owner end`;

/** PostgreSQL: the whole batch in one statement over `unnest` arrays; RETURNING names the winners. */
const postgresSql = `
update authorizations set ${SET}
from unnest(?::varchar[], ?::int[], ?::text[], ?::text[], ?::text[], ?::varchar[], ?::timestamptz[], ?::timestamptz[],
            ?::jsonb[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::varchar[])
  as v(cid, expected, access, refresh, idt, ttype, texp, rtexp, scopes, obtained, next_at, at, owner)
where authorizations.connection_id = v.cid and authorizations.version = v.expected
returning authorizations.connection_id`;

/** SQLite: one prepared single-row statement per write (in-process, so the one commit is what counts). */
const sqliteSql = `
with v(cid, expected, access, refresh, idt, ttype, texp, rtexp, scopes, obtained, next_at, at, owner)
  as (values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))
update authorizations set ${SET}
from v
where authorizations.connection_id = v.cid and authorizations.version = v.expected`;

/** The bound values of each write, in the order of the statements' `v` columns. */
function valuesOf(kind: RawSql['kind'], vault: TokenVault, writes: readonly RefreshedWrite[]): unknown[][] {
  const { time } = binder(kind);
  return writes.map((write) => {
    const columns = encryptTokenColumns(write.tokens, { workspaceId: write.workspaceId, connectionId: write.connectionId }, vault);
    return [
      write.connectionId,
      write.expectedVersion,
      columns.accessTokenEnvelope,
      columns.refreshTokenEnvelope,
      columns.idTokenEnvelope,
      columns.tokenType,
      time(write.tokens.expiresAt),
      time(write.tokens.refreshTokenExpiresAt),
      JSON.stringify(columns.grantedScopes ?? []),
      time(write.tokens.obtainedAt),
      time(write.nextRefreshAt),
      time(write.refreshedAt),
      write.leaseOwner,
    ];
  });
}

/**
 * Writes each refreshed token set with its compare-and-swap, within `tx`; returns, per write,
 * whether it won (false: the row moved on or is gone, nothing of it was written).
 */
export async function writeRefreshed(tx: RawTransaction, vault: TokenVault, writes: readonly RefreshedWrite[]): Promise<boolean[]> {
  const rows = valuesOf(tx.kind, vault, writes);
  if (tx.kind === 'sqlite') return (await tx.runMany(sqliteSql, rows)).map((changed) => changed === 1);
  if (rows.length === 0) return [];
  const won = new Set((await tx.all<{ connection_id: string }>(postgresSql, byColumn(rows))).map((row) => row.connection_id));
  return writes.map((write) => won.has(write.connectionId));
}

/** Rows inserted with the writes that win, in the same statement: `rows[i]` goes with `writes[i]`. */
export interface WrittenRows {
  spec: InsertSpec;
  rows: readonly (readonly unknown[])[];
}

/** Per write: whether it won, and whether it was left unwritten because its workspace has an enabled webhook. */
export interface OneStatementWrite {
  won: boolean[];
  deferred: boolean[];
}

const oneStatementSql = new WeakMap<InsertSpec, string>();

/**
 * PostgreSQL: the batch's compare-and-swap UPDATE (as `postgresSql`, each value row numbered), the
 * INSERT of the rows that go with the winners (joined to the UPDATE's RETURNING, so a lost row
 * inserts nothing) and the workspaces of the batch with an enabled webhook, as one statement.
 * Rows of those workspaces are not written here (their webhook deliveries are built in JS from
 * the webhooks read, so they need a transaction): the first parameter (boolean) turns that
 * guard on, the second lists the batch's workspaces. All parts see one snapshot.
 */
function oneStatementOf(spec: InsertSpec): string {
  let found = oneStatementSql.get(spec);
  if (found === undefined) {
    const names = spec.columns.map(([column]) => column);
    const arrays = spec.columns.map(([, type]) => `?::${type}[]`).join(', ');
    found = `
with hooked as (
  select distinct workspace_id from webhooks where ?::boolean and enabled = true and workspace_id = any(?::varchar[])
), upd as (
  update authorizations set ${SET}
  from unnest(?::varchar[], ?::int[], ?::text[], ?::text[], ?::text[], ?::varchar[], ?::timestamptz[], ?::timestamptz[],
              ?::jsonb[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::varchar[]) with ordinality
    as v(cid, expected, access, refresh, idt, ttype, texp, rtexp, scopes, obtained, next_at, at, owner, ord)
  where authorizations.connection_id = v.cid and authorizations.version = v.expected
    and not exists (select 1 from hooked where hooked.workspace_id = authorizations.workspace_id)
  returning v.ord
), inserted as (
  insert into ${spec.table} (${names.join(', ')})
  select ${names.map((name) => `r.${name}`).join(', ')}
  from unnest(${arrays}) with ordinality as r(${names.join(', ')}, ord) join upd on upd.ord = r.ord
)
select ord, null::varchar as hooked from upd
union all
select null, workspace_id from hooked`;
    oneStatementSql.set(spec, found);
  }
  return found;
}

/**
 * PostgreSQL, outside any transaction: each refreshed token set with its compare-and-swap, and
 * `also.rows[i]` inserted when `writes[i]` wins, in one statement (atomic on its own: no BEGIN
 * or COMMIT, one round trip). With `webhooks`, a write whose workspace has an enabled webhook is
 * left alone and reported `deferred`, for the caller's transaction that stages its deliveries.
 * A statement that failed wrote nothing, so it may be run again as it is.
 */
export async function writeRefreshedInOneStatement(
  sql: RawSql,
  vault: TokenVault,
  writes: readonly RefreshedWrite[],
  also: WrittenRows,
  webhooks: boolean,
): Promise<OneStatementWrite> {
  if (writes.length === 0) return { won: [], deferred: [] };
  if (also.rows.length !== writes.length) throw new RangeError('One row to insert per write.');
  const workspaces = [...new Set(writes.map((write) => write.workspaceId))];
  const params = [webhooks, workspaces, ...byColumn(valuesOf('postgres', vault, writes)), ...byColumn(also.rows)];
  const rows = await sql.all<{ ord: string | null; hooked: string | null }>(oneStatementOf(also.spec), params);
  const won = new Set<number>();
  const hooked = new Set<string>();
  for (const row of rows) {
    if (row.ord !== null) won.add(Number(row.ord) - 1);
    else if (row.hooked !== null) hooked.add(row.hooked);
  }
  return { won: writes.map((_, i) => won.has(i)), deferred: writes.map((write) => hooked.has(write.workspaceId)) };
}
