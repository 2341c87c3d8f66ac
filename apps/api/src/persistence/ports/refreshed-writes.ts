/**
 * The refresher's writes of refreshed token sets, many in one transaction (the caller's, which
 * also writes their audit rows and webhook deliveries): one compare-and-swap UPDATE per row on
 * the `version` read when its lease was taken, the lease released in the same statement (only
 * when the writer still owns it), so a refresh costs one write instead of a write and a release.
 * Token values are sealed as `encryptTokenColumns` seals them (bound to workspace, connection
 * and field).
 */
import type { TokenSet, TokenVault } from '@grantkeeper/oauth-core';
import { byColumn } from '../batch-insert.js';
import { binder } from '../plain-rows.js';
import type { RawTransaction } from '../raw-sql.js';
import { encryptTokenColumns } from './token-columns.js';

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

/** A sealed write's values, in the order of its parameters (`SealedWrites.rows`). */
const FIELDS = [
  'cid',
  'expected',
  'access',
  'refresh',
  'idt',
  'ttype',
  'texp',
  'rtexp',
  'scopes',
  'obtained',
  'next_at',
  'at',
  'owner',
] as const;
type Field = (typeof FIELDS)[number];

/**
 * The SET list of both dialects, `value` writing where each new value comes from. Every SET
 * expression reads the row as it was before the UPDATE, so the lease columns are cleared only
 * when the old owner is the writer.
 */
const assignments = (value: (field: Field) => string) => `
  access_token_envelope = ${value('access')}, refresh_token_envelope = ${value('refresh')}, id_token_envelope = ${value('idt')},
  token_type = ${value('ttype')}, token_expires_at = ${value('texp')}, refresh_token_expires_at = ${value('rtexp')},
  granted_scopes = ${value('scopes')}, obtained_at = ${value('obtained')},
  status = 'AUTHORIZED', status_reason = null, next_refresh_at = ${value('next_at')},
  version = ${value('expected')} + 1, updated_at = ${value('at')}, last_refreshed_at = ${value('at')}, refresh_failures = 0,
  next_retry_at = null,
  lease_expires_at = case when authorizations.lease_owner = ${value('owner')} then null else authorizations.lease_expires_at end,
  lease_owner = case when authorizations.lease_owner = ${value('owner')} then null else authorizations.lease_owner end`;

/** PostgreSQL: the whole batch in one statement over `unnest` arrays; RETURNING names the winners. */
const postgresSql = `
update authorizations set ${assignments((field) => `v.${field}`)}
from unnest(?::varchar[], ?::int[], ?::text[], ?::text[], ?::text[], ?::varchar[], ?::timestamptz[], ?::timestamptz[],
            ?::jsonb[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::varchar[])
  as v(${FIELDS.join(', ')})
where authorizations.connection_id = v.cid and authorizations.version = v.expected
returning authorizations.connection_id`;

/** Which value each of `sqliteSql`'s placeholders takes, in their order. */
const sqlitePlaces: Field[] = [];
const place = (field: Field) => {
  sqlitePlaces.push(field);
  return '?';
};

/**
 * SQLite: one prepared single-row statement per write (in-process, so the one commit is what
 * counts), a plain UPDATE with the values bound in place. The `UPDATE … FROM (VALUES …)` form
 * it replaced cost SQLite a join per row (7-8.5 µs a row against 9.7-10 µs for the statement, on
 * the bench's seeded table in commits of 64).
 */
const sqliteSql = `
update authorizations set ${assignments(place)}
where connection_id = ${place('cid')} and version = ${place('expected')}`;

/** Where in a sealed row each of `sqliteSql`'s placeholders finds its value. */
const sqliteIndexes = sqlitePlaces.map((field) => FIELDS.indexOf(field));

/**
 * Refreshed writes with their token columns sealed, once: every try of a batch then stores the
 * same ciphertext, so a try that committed unheard is recognised by it ({@link writtenBefore}).
 */
export interface SealedWrites {
  readonly writes: readonly RefreshedWrite[];
  /** Per write, the statement's parameters (see the SQL above: cid, expected, access, ...). */
  readonly rows: readonly unknown[][];
}

/** Seals each set's tokens as `encryptTokenColumns` seals them (bound to workspace, connection and field). */
export function sealRefreshed(kind: RawTransaction['kind'], vault: TokenVault, writes: readonly RefreshedWrite[]): SealedWrites {
  const { time } = binder(kind);
  const rows = writes.map((write) => {
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
  return { writes, rows };
}

/**
 * Writes each sealed token set with its compare-and-swap, within `tx`; returns, per write,
 * whether it won (false: the row moved on or is gone, nothing of it was written).
 */
export async function writeSealed(tx: RawTransaction, sealed: SealedWrites): Promise<boolean[]> {
  const { writes, rows } = sealed;
  if (tx.kind === 'sqlite') {
    const params = rows.map((row) => sqliteIndexes.map((i) => row[i]));
    return (await tx.runMany(sqliteSql, params)).map((changed) => changed === 1);
  }
  if (rows.length === 0) return [];
  const won = new Set((await tx.all<{ connection_id: string }>(postgresSql, byColumn(rows))).map((row) => row.connection_id));
  return writes.map((write) => won.has(write.connectionId));
}

const writtenSql = `select 1 as found from authorizations where connection_id = ? and version = ? and access_token_envelope = ?`;

/**
 * Of the writes that lost their compare-and-swap (`won` false), those an earlier try stored: the
 * row is one version past theirs and holds their access token's ciphertext (unique: a fresh IV
 * per seal), which no other writer can have. On PostgreSQL a connection lost after COMMIT leaves
 * the client unsure whether it committed; the retry then finds its own write.
 */
export async function writtenBefore(tx: RawTransaction, sealed: SealedWrites, won: readonly boolean[]): Promise<boolean[]> {
  return Promise.all(
    sealed.rows.map(async ([cid, expected, access], i) => {
      if (won[i]) return false;
      const found = await tx.all(writtenSql, [cid, Number(expected) + 1, access]);
      return found.length > 0;
    }),
  );
}
