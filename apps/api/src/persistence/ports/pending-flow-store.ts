/**
 * oauth-core's PendingFlowStore over the `pending_flows` table. `take` is single use across
 * every process: whoever deletes the row (affected rows = 1) owns the flow; a concurrent
 * second `take` deletes nothing and gets null.
 */
import type { PendingFlow as PendingFlowValue, PendingFlowStore } from '@grantkeeper/oauth-core';
import { PendingFlow } from '../entities/index.js';
import type { Orm } from '../orm.js';

export function toPendingFlowValue(row: PendingFlow): PendingFlowValue {
  return {
    stateHash: row.stateHash,
    key: { workspaceId: row.workspaceId, connectionId: row.connectionId },
    codeVerifierEnvelope: row.codeVerifierEnvelope,
    nonce: row.nonce,
    redirectUri: row.redirectUri,
    initiatedBy: row.initiatedBy,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

export class OrmPendingFlowStore implements PendingFlowStore {
  constructor(private readonly orm: Orm) {}

  async save(flow: PendingFlowValue): Promise<void> {
    const em = this.orm.em.fork();
    em.create(PendingFlow, {
      stateHash: flow.stateHash,
      workspaceId: flow.key.workspaceId,
      connectionId: flow.key.connectionId,
      codeVerifierEnvelope: flow.codeVerifierEnvelope,
      nonce: flow.nonce,
      redirectUri: flow.redirectUri,
      initiatedBy: flow.initiatedBy,
      createdAt: flow.createdAt,
      expiresAt: flow.expiresAt,
    });
    await em.flush();
  }

  async take(stateHash: string): Promise<PendingFlowValue | null> {
    if (typeof stateHash !== 'string' || stateHash.length === 0 || stateHash.length > 64) return null;
    const em = this.orm.em.fork();
    const row = await em.findOne(PendingFlow, { stateHash });
    if (row === null) return null;
    const deleted = await em.nativeDelete(PendingFlow, { stateHash });
    return deleted === 1 ? toPendingFlowValue(row) : null;
  }

  /** Delete flows that expired before `before` (housekeeping); returns how many. */
  async purgeExpired(before: Date): Promise<number> {
    return this.orm.em.fork().nativeDelete(PendingFlow, { expiresAt: { $lt: before } });
  }

  /** Delete every pending flow of a connection (when it is deleted). */
  async deleteForConnection(connectionId: string): Promise<number> {
    return this.orm.em.fork().nativeDelete(PendingFlow, { connectionId });
  }
}
