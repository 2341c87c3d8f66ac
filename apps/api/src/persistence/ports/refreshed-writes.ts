/**
 * The refresher's writes of refreshed token sets, many in one transaction (the caller's, which
 * also writes their audit rows and webhook deliveries): one compare-and-swap UPDATE per row on
 * the `version` read when its lease was taken, the lease released in the same statement (only
 * when the writer still owns it), so a refresh costs one write instead of a write and a release.
 * Token values are sealed as `encryptTokenColumns` seals them (bound to workspace, connection
 * and field).
 */
import type { TokenSet, TokenVault } from '@grantkeeper/oauth-core';
import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
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

/** The columns of one write, in the order of `writeSql`'s VALUES rows. */
const COLUMNS = ['cid', 'expected', 'access', 'refresh', 'idt', 'ttype', 'texp', 'rtexp', 'scopes', 'obtained', 'next_at', 'at', 'owner'];

/**
 * One UPDATE for the whole batch, joined to its VALUES: each row is written only where its
 * version is still the one expected (the compare-and-swap), and RETURNING names the winners.
 * Every SET expression reads the row as it was before the UPDATE (both dialects), so the lease
 * columns are cleared only when the old owner is the writer. PostgreSQL types the VALUES as
 * text, hence its casts; SQLite stores dates as epoch milliseconds and needs none.
 */
function writeSql(rows: number, postgres: boolean): string {
  const cast = (column: string, type: string) => (postgres ? `v.${column}::${type}` : `v.${column}`);
  const values = Array.from({ length: rows }, () => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ');
  return `
with v(${COLUMNS.join(', ')}) as (values ${values})
update authorizations set
  access_token_envelope = v.access, refresh_token_envelope = v.refresh, id_token_envelope = v.idt, token_type = v.ttype,
  token_expires_at = ${cast('texp', 'timestamptz')}, refresh_token_expires_at = ${cast('rtexp', 'timestamptz')},
  granted_scopes = ${cast('scopes', 'jsonb')}, obtained_at = ${cast('obtained', 'timestamptz')},
  status = 'AUTHORIZED', status_reason = null, next_refresh_at = ${cast('next_at', 'timestamptz')},
  version = ${cast('expected', 'integer')} + 1, updated_at = ${cast('at', 'timestamptz')}, last_refreshed_at = ${cast('at', 'timestamptz')},
  refresh_failures = 0, next_retry_at = null,
  lease_expires_at = case when authorizations.lease_owner = v.owner then null else authorizations.lease_expires_at end,
  lease_owner = case when authorizations.lease_owner = v.owner then null else authorizations.lease_owner end
from v
where authorizations.connection_id = v.cid and authorizations.version = ${cast('expected', 'integer')}
returning authorizations.connection_id`;
}

/** Rows per statement (13 parameters each, well within both dialects' limits). */
const ROWS_PER_STATEMENT = 200;

/**
 * Writes each refreshed token set with its compare-and-swap, within `em`'s transaction; returns,
 * per write, whether it won (false: the row moved on or is gone, nothing of it was written).
 */
export async function writeRefreshed(em: EntityManager, vault: TokenVault, writes: readonly RefreshedWrite[]): Promise<boolean[]> {
  const postgres = (em as SqlEntityManager).getKnex().client.driverName === 'pg';
  const platform = em.getPlatform();
  const time = (date: Date | null) => (date === null ? null : (platform.processDateProperty(date) as Date | number));
  const won = new Set<string>();
  for (let start = 0; start < writes.length; start += ROWS_PER_STATEMENT) {
    const chunk = writes.slice(start, start + ROWS_PER_STATEMENT);
    const params = chunk.flatMap((write) => {
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
    const rows: { connection_id: string }[] = await em
      .getConnection()
      .execute(writeSql(chunk.length, postgres), params, 'all', em.getTransactionContext());
    for (const row of rows) won.add(row.connection_id);
  }
  return writes.map((write) => won.has(write.connectionId));
}
