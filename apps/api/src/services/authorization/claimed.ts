/**
 * The refresher's refresh of an authorization it has already leased: its due query took the
 * lease and returned the row (`ClaimedAuthorization`), so nothing is read again. The refresh
 * grant is sent at once; refreshed token sets are written by a group commit: those that finish
 * while a write is under way go together in the next one, in one transaction (compare-and-swap
 * per row with the lease released in it, one multi-row INSERT of audit events, the webhook
 * deliveries), and are then published from what was written. Failures (rare) take the
 * one-by-one path of the manual refresh (`recordFailure`). Single flight holds as in the
 * RefreshCoordinator: the lease keeps other refreshers and manual refreshes (which wait for the
 * version to move) away, and the compare-and-swap on the version read with the lease refuses a
 * write over a row that moved on. A refreshed set whose group commit fails for good (its
 * transient retries spent, or an error not retried) comes back with a way to write it again
 * (`unwritten`): the provider has rotated the refresh token, so the set is the only copy of the
 * new one, and its caller keeps it with the lease until it is written (then audited and
 * published as any other).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
import type { EntityManager } from '@mikro-orm/core';
import { isOAuthCoreError, ProviderError, refreshTokenSet, type TokenSet } from '@grantkeeper/oauth-core';
import type { Authorization, Connection } from '../../persistence/entities/index.js';
import {
  decryptRefreshableTokens,
  decryptTokenSet,
  sealRefreshed,
  toRefreshSchedule,
  writeSealed,
  writtenBefore,
  type RefreshedWrite,
  type SealedWrites,
} from '../../persistence/ports/index.js';
import type { RawSql } from '../../persistence/raw-sql.js';
import { retryTransient } from '../../persistence/transient.js';
import type { AuthorizationView } from '../../views/authorization-view.js';
import type { StagedEvent } from '../audit-service.js';
import { providerConfigOf } from '../provider-config.js';
import { systemActor } from '../types.js';
import type { AuthorizationDomainDeps } from './deps.js';
import type { AuthorizationOutcomes } from './outcomes.js';
import {
  refreshedAudit,
  scheduledFailureResult,
  type AuthorizationRefreshes,
  type Performed,
  type ScheduledRefreshResult,
} from './refresh.js';
import { toAuthorizationView } from './view.js';

/**
 * An authorization whose lease `leaseOwner` took in the due query, as read then, with its
 * connection: plain rows (`persistence/plain-rows.ts`), not entities of any EntityManager.
 */
export interface ClaimedAuthorization {
  connection: Connection;
  row: Authorization;
  leaseOwner: string;
}

/** Where claimed refreshes are written: raw SQL for the group commits, the ORM for the (rare) failures. */
export interface ClaimedDatabase {
  em: EntityManager;
  sql: RawSql;
}

/** Refreshed token sets written in one transaction at most. */
const MAX_WRITE_BATCH = 200;

type WrittenEvent = StagedEvent & { pending: PendingWrite; authorization: AuthorizationView };

interface PendingWrite {
  claimed: ClaimedAuthorization;
  write: RefreshedWrite;
  performed: Performed;
  /** The write's parameters, its token columns sealed (on its first write, then kept). */
  sealed?: unknown[];
  resolve(won: boolean): void;
  reject(error: unknown): void;
}

export class ClaimedRefreshes {
  #pending: PendingWrite[] = [];
  #writing: Promise<void> | null = null;

  constructor(
    private readonly deps: AuthorizationDomainDeps,
    private readonly outcomes: AuthorizationOutcomes,
    private readonly refreshes: AuthorizationRefreshes,
  ) {}

  /**
   * Refreshes a claimed authorization; never throws. Its lease is released by the write of a
   * refreshed token set; after any other outcome the caller releases it, unless the result
   * carries `unwritten` (the set still to be written: the lease must stay held until it is).
   * `answered` is called when the provider has answered with a new token set, before it is
   * written (a failure is recorded before the refresh returns, so a provider answering 429 is
   * known to be busy before its slot takes another request).
   */
  async refresh(db: ClaimedDatabase, claimed: ClaimedAuthorization, answered?: () => void): Promise<ScheduledRefreshResult> {
    const { row, connection } = claimed;
    const performed: Performed = { schedule: toRefreshSchedule(row), startedAt: this.deps.clock.now() };
    let tokens: TokenSet;
    try {
      const current = decryptRefreshableTokens(row, this.deps.vault);
      if (current === null || row.status !== 'AUTHORIZED') {
        await this.deps.state.unschedule(row.connectionId, row.version);
        return { outcome: 'skipped' };
      }
      const provider = providerConfigOf(connection, this.deps.vault);
      tokens = await refreshTokenSet({ provider, current, fetch: this.deps.fetch, clock: this.deps.clock });
    } catch (error) {
      return this.failed(db.em, claimed, error, performed);
    }
    answered?.();
    const refreshedAt = this.deps.clock.now();
    const write: RefreshedWrite = {
      connectionId: row.connectionId,
      workspaceId: row.workspaceId,
      expectedVersion: row.version,
      tokens,
      refreshedAt,
      nextRefreshAt: this.deps.state.nextRefreshAt({ status: 'AUTHORIZED', tokens }),
      leaseOwner: claimed.leaseOwner,
    };
    let pending!: PendingWrite;
    try {
      const won = await new Promise<boolean>((resolve, reject) => {
        pending = { claimed, write, performed, resolve, reject };
        this.#pending.push(pending);
        if (this.#writing === null) this.#writing = this.drain(db.sql);
      });
      return { outcome: won ? 'refreshed' : 'skipped' };
    } catch (error) {
      this.deps.logger.error({ err: error, connectionId: row.connectionId }, 'writing a scheduled refresh failed');
      return { outcome: 'failed', unwritten: async () => (await this.writeBatch(db.sql, [pending]))[0] === true };
    }
  }

  /** Invalid grant: REAUTHORIZATION_REQUIRED (tokens kept); otherwise the backoff. Audited either way. */
  private async failed(
    em: EntityManager,
    claimed: ClaimedAuthorization,
    error: unknown,
    performed: Performed,
  ): Promise<ScheduledRefreshResult> {
    const { row, connection } = claimed;
    try {
      if (isOAuthCoreError(error) && error.code === 'REAUTHORIZATION_REQUIRED') {
        const tokens = decryptTokenSet(row, this.deps.vault);
        // As the RefreshCoordinator words it.
        const reason =
          error instanceof ProviderError && error.errorDescription
            ? `${error.error ?? 'invalid_grant'}: ${error.errorDescription}`
            : error instanceof ProviderError && error.error
              ? error.error
              : error.message;
        await this.deps.state.compareAndSwap(row.connectionId, row.version, {
          status: 'REAUTHORIZATION_REQUIRED',
          tokens,
          statusReason: reason,
        });
      }
      await this.refreshes.recordFailure(em, connection, systemActor, error, performed);
    } catch (recording) {
      this.deps.logger.error({ err: recording, connectionId: row.connectionId }, 'recording a failed scheduled refresh failed');
    }
    return scheduledFailureResult(error);
  }

  /** Writes what is pending, batch after batch, until nothing is; the first batch waits one turn for company. */
  private async drain(sql: RawSql): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending.splice(0, MAX_WRITE_BATCH);
        try {
          const won = await this.writeBatch(sql, batch);
          batch.forEach((pending, i) => pending.resolve(won[i] === true));
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.#writing = null;
    }
  }

  private async writeBatch(sql: RawSql, batch: PendingWrite[]): Promise<boolean[]> {
    const at = this.deps.clock.now();
    const sealed = this.sealed(sql.kind, batch);
    let events: WrittenEvent[] = [];
    let earlier: WrittenEvent[] = [];
    let staged = 0;
    // The provider has already rotated these refresh tokens: a deadlock or a busy database must
    // not lose them (and release the leases), so the whole transaction is tried again; the leases
    // are still held (and renewed) until each refresh returns. A try may have committed although
    // its connection was lost before the answer: a later one (or a kept set's background write)
    // then finds those rows written by it, with their audit rows and webhook deliveries, and
    // takes them as won without staging again.
    const write = () =>
      sql.transaction(async (tx) => {
        const won = await writeSealed(tx, sealed);
        const before = won.every(Boolean) ? [] : await writtenBefore(tx, sealed, won);
        events = [];
        earlier = [];
        for (let i = 0; i < batch.length; i += 1) {
          if (won[i]) events.push(this.event(batch[i]!));
          else if (before[i]) earlier.push(this.event(batch[i]!));
        }
        staged = await this.deps.audit.stageMany(tx, events, at);
        return won.map((w, i) => w || before[i] === true);
      });
    const won = await retryTransient(write, { logger: this.deps.logger, what: 'writing refreshed token sets' });
    const written = [...events, ...earlier];
    // An earlier try's webhook deliveries (if any) wait for the dispatcher too: wake it for them.
    this.deps.audit.committedMany(written, staged + earlier.length, at);
    let nextDue: Date | null = null;
    const published: Promise<void>[] = [];
    for (const { pending, authorization } of written) {
      published.push(this.outcomes.publish(pending.claimed.connection, authorization, { cache: 'replace' }));
      const due = authorization.nextRefreshAt;
      if (due !== null && (nextDue === null || due < nextDue)) nextDue = due;
    }
    if (nextDue !== null) published.push(this.deps.bus.publish('refresher/due', { dueAt: nextDue }));
    await Promise.all(published);
    return won;
  }

  /**
   * The batch's writes with their token columns sealed once per set, on its first write: every
   * later try of it stores the same ciphertext, by which a try that committed unheard is known.
   */
  private sealed(kind: RawSql['kind'], batch: PendingWrite[]): SealedWrites {
    const unsealed = batch.filter((pending) => pending.sealed === undefined);
    const { rows } = sealRefreshed(
      kind,
      this.deps.vault,
      unsealed.map((pending) => pending.write),
    );
    unsealed.forEach((pending, i) => (pending.sealed = rows[i]));
    return { writes: batch.map((pending) => pending.write), rows: batch.map((pending) => pending.sealed!) };
  }

  /** The audit event and the view of a written refresh, from what was written (no re-read). */
  private event(pending: PendingWrite): WrittenEvent {
    const { claimed, write, performed } = pending;
    const { connection, row } = claimed;
    const { tokens } = write;
    const written = {
      ...row,
      status: 'AUTHORIZED' as const,
      tokenExpiresAt: tokens.expiresAt,
      refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
      grantedScopes: [...tokens.scopes],
      accessTokenEnvelope: row.accessTokenEnvelope ?? '',
      lastRefreshedAt: write.refreshedAt,
      statusReason: null,
      nextRefreshAt: write.nextRefreshAt,
      nextRetryAt: null,
      refreshFailures: 0,
    } as Authorization;
    const { message, details } = refreshedAudit(systemActor, tokens, performed);
    const entry = {
      workspaceId: connection.workspaceId,
      connectionId: connection.id,
      connectionCode: connection.code,
      type: 'TOKEN_REFRESHED' as const,
      actor: systemActor,
      message,
      details,
    };
    return { entry, authorization: toAuthorizationView(connection.code, written), pending };
  }
}
