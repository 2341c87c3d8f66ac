/**
 * The refresher's writes of refreshed token sets, many in one transaction (the caller's, which
 * also writes their audit rows and webhook deliveries): one compare-and-swap UPDATE per row on
 * the `version` read when its lease was taken, the lease released in the same statement (only
 * when the writer still owns it), so a refresh costs one write instead of a write and a release.
 * Token values are sealed as `encryptTokenColumns` seals them (bound to workspace, connection
 * and field).
 */
import type { TokenSet, TokenVault } from '@grantkeeper/oauth-core';
import type { EntityManager, QueryResult } from '@mikro-orm/core';
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

// Every SET expression reads the row as it was before the UPDATE (both dialects), so the
// lease columns are cleared only when the old owner is the writer.
const writeSql = `
update authorizations set
  access_token_envelope = ?, refresh_token_envelope = ?, id_token_envelope = ?, token_type = ?,
  token_expires_at = ?, refresh_token_expires_at = ?, granted_scopes = ?, obtained_at = ?,
  status = 'AUTHORIZED', status_reason = null, next_refresh_at = ?, version = ?, updated_at = ?,
  last_refreshed_at = ?, refresh_failures = 0, next_retry_at = null,
  lease_expires_at = case when lease_owner = ? then null else lease_expires_at end,
  lease_owner = case when lease_owner = ? then null else lease_owner end
where connection_id = ? and version = ?`;

/**
 * Writes each refreshed token set with its compare-and-swap, within `em`'s transaction; returns,
 * per write, whether it won (false: the row moved on or is gone, nothing of it was written).
 */
export async function writeRefreshed(em: EntityManager, vault: TokenVault, writes: readonly RefreshedWrite[]): Promise<boolean[]> {
  const connection = em.getConnection();
  const platform = em.getPlatform();
  const time = (date: Date | null) => (date === null ? null : (platform.processDateProperty(date) as Date | number));
  const won: boolean[] = [];
  for (const write of writes) {
    const columns = encryptTokenColumns(write.tokens, { workspaceId: write.workspaceId, connectionId: write.connectionId }, vault);
    const params = [
      columns.accessTokenEnvelope,
      columns.refreshTokenEnvelope,
      columns.idTokenEnvelope,
      columns.tokenType,
      time(write.tokens.expiresAt),
      time(write.tokens.refreshTokenExpiresAt),
      JSON.stringify(columns.grantedScopes ?? []),
      time(write.tokens.obtainedAt),
      time(write.nextRefreshAt),
      write.expectedVersion + 1,
      time(write.refreshedAt),
      time(write.refreshedAt),
      write.leaseOwner,
      write.leaseOwner,
      write.connectionId,
      write.expectedVersion,
    ];
    const result = await connection.execute<QueryResult>(writeSql, params, 'run', em.getTransactionContext());
    won.push(result.affectedRows === 1);
  }
  return won;
}
