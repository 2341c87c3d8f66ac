/**
 * The dispatcher's access to the outbox. A claim is one statement, atomic across instances:
 * an UPDATE that sets the lease on the oldest due PENDING delivery of each (webhook,
 * connection) pair whose lease is free and whose webhook is enabled (a disabled webhook's
 * deliveries wait). On PostgreSQL its subquery locks the rows with
 * `FOR UPDATE SKIP LOCKED` (a row another instance is claiming is skipped, a row it claimed
 * meanwhile fails the re-checked WHERE clause); on SQLite writes are serialised, so the
 * conditional UPDATE alone decides. The candidates are walked in `order_key` order on the
 * (state, order_key) index, so a pass costs the rows up to its `limit`, not the whole backlog.
 * Outcomes are written only by the lease holder, and the
 * outcomes of attempts that finish together are written in one transaction (one commit, not
 * one per delivery: the dispatcher's throughput on SQLite is bounded by commits).
 */
import type { QueryResult } from '@mikro-orm/core';
import type { DatabaseConfig } from '../config.js';
import { WebhookDelivery } from '../persistence/entities/index.js';
import type { Orm } from '../persistence/orm.js';

export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  workspaceId: string;
  payload: string;
  attempts: number;
  maxAttempts: number;
}

export type AttemptOutcome =
  { kind: 'succeeded'; statusCode: number } | { kind: 'failed'; statusCode: number | null; error: string; retryAt: Date | null };

const claimSql = (indexHint: string, lockClause: string) => `
update webhook_deliveries set lease_owner = ?, lease_until = ?
where id in (
  select d.id from webhook_deliveries d${indexHint}
  where d.state = 'PENDING' and d.next_attempt_at <= ? and (d.lease_until is null or d.lease_until < ?)
    and exists (select 1 from webhooks w where w.id = d.webhook_id and w.enabled = true)
    and not exists (
      select 1 from webhook_deliveries e
      where e.webhook_id = d.webhook_id and e.connection_key = d.connection_key
        and e.state = 'PENDING' and e.order_key < d.order_key)
  order by d.order_key
  limit ?${lockClause}
)
returning id, webhook_id, workspace_id, payload, attempts, max_attempts`;

const recordSql = `
update webhook_deliveries
set attempts = ?, state = ?, next_attempt_at = ?, last_status_code = ?, last_error = ?, updated_at = ?,
    lease_owner = null, lease_until = null
where id = ? and lease_owner = ?`;

interface PendingRecord {
  params: unknown[];
  resolve: (recorded: boolean) => void;
  reject: (error: unknown) => void;
}

interface ClaimRow {
  id: string;
  webhook_id: string;
  workspace_id: string;
  payload: string;
  attempts: number | string;
  max_attempts: number | string;
}

export class DeliveryStore {
  readonly #sql: string;
  /** Dates as the driver stores them: Date objects (PostgreSQL), epoch milliseconds (SQLite). */
  readonly #time: (date: Date) => Date | number;
  /** Outcomes waiting for the next write (all those recorded in the same turn of the event loop). */
  #pending: PendingRecord[] = [];

  constructor(
    private readonly orm: Orm,
    kind: DatabaseConfig['kind'],
  ) {
    // SQLite, without statistics, would pick (state, next_attempt_at), read every due PENDING row
    // and sort them on each pass; walking (state, order_key) stops after `limit` claimable rows.
    this.#sql =
      kind === 'postgres' ? claimSql('', ' for update skip locked') : claimSql(' indexed by webhook_deliveries_state_order_key_index', '');
    this.#time = kind === 'postgres' ? (date) => date : (date) => date.getTime();
  }

  /** Leases up to `limit` due deliveries to `owner` until `now + leaseMs`. */
  async claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const until = new Date(now.getTime() + leaseMs);
    const params = [owner, this.#time(until), this.#time(now), this.#time(now), limit];
    const rows = (await this.orm.em.getConnection().execute(this.#sql, params, 'all')) as ClaimRow[];
    return rows.map((row) => ({
      id: row.id,
      webhookId: row.webhook_id,
      workspaceId: row.workspace_id,
      payload: row.payload,
      attempts: Number(row.attempts),
      maxAttempts: Number(row.max_attempts),
    }));
  }

  /**
   * Records attempt number `attempts` and releases the lease; false when `owner` no longer held
   * it. One UPDATE: while the lease is held nothing else changes the row.
   */
  record(id: string, owner: string, now: Date, attempts: number, outcome: AttemptOutcome): Promise<boolean> {
    const values =
      outcome.kind === 'succeeded'
        ? ['SUCCEEDED', null, outcome.statusCode, null]
        : [
            outcome.retryAt === null ? 'FAILED' : 'PENDING',
            outcome.retryAt === null ? null : this.#time(outcome.retryAt),
            outcome.statusCode,
            outcome.error.slice(0, 500),
          ];
    const params = [attempts, ...values, this.#time(now), id, owner];
    return new Promise((resolve, reject) => {
      if (this.#pending.push({ params, resolve, reject }) === 1) setImmediate(() => void this.#writeRecords());
    });
  }

  /** Writes the waiting outcomes in one transaction; each caller learns whether its lease still held. */
  async #writeRecords(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    const connection = this.orm.em.getConnection();
    try {
      const results = await connection.transactional(async (trx) => {
        const affected: boolean[] = [];
        for (const { params } of batch)
          affected.push((await connection.execute<QueryResult>(recordSql, params, 'run', trx)).affectedRows === 1);
        return affected;
      });
      batch.forEach((entry, i) => entry.resolve(results[i] === true));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }

  /** Gives back every lease of `owner` (shutdown): the deliveries are due again at once. */
  async releaseAll(owner: string): Promise<number> {
    return this.orm.em.fork().nativeUpdate(WebhookDelivery, { leaseOwner: owner }, { leaseOwner: null, leaseUntil: null });
  }

  /** The earliest next attempt of a PENDING delivery, or null. */
  async nextAttemptAt(): Promise<Date | null> {
    const [row] = await this.orm.em
      .fork()
      .find(WebhookDelivery, { state: 'PENDING' }, { fields: ['nextAttemptAt'], orderBy: { nextAttemptAt: 'asc' }, limit: 1 });
    return row?.nextAttemptAt ?? null;
  }
}
