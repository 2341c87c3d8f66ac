/**
 * The dispatcher's access to the outbox, in plain rows (no entity hydration on the hot path).
 * A claim is one statement, atomic across instances: an UPDATE that sets the lease on the
 * oldest due PENDING delivery of each (webhook, connection) pair whose lease is free and whose
 * webhook is enabled (a disabled webhook's deliveries wait). On PostgreSQL its subquery locks
 * the rows with `FOR UPDATE SKIP LOCKED` (a row another instance is claiming is skipped, a row
 * it claimed meanwhile fails the re-checked WHERE clause); on SQLite writes are serialised, so
 * the conditional UPDATE alone decides. The candidates are walked in `order_key` order on the
 * (state, order_key) index, so a pass costs the rows up to its `limit`, not the whole backlog.
 *
 * Outcomes are written only by the lease holder, in batches (group commit): the outcomes that
 * arrive while one write is under way, or over the event-loop turns before it starts while each
 * turn adds some, go together, on PostgreSQL as one multi-row UPDATE over `unnest` arrays
 * committed without waiting for the WAL flush, on SQLite as prepared single-row UPDATEs in one
 * transaction (in-process, so one commit is what counts).
 * A write takes the dispatcher's next claim along (`setClaimAlong`): the outcomes, then the claim,
 * in one transaction (PostgreSQL: one round trip; SQLite: one commit), so the claim sees the pair
 * heads just released instead of waiting for the write's answer and then a claim's round trip.
 */
import type { RawSql } from '../persistence/raw-sql.js';
import { claimSqlFor, nextAttemptSql, postgresClaimSettings, recordManySql, recordOneSql, releaseSql } from './delivery-sql.js';

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

/** attempts, state, next_attempt_at, last_status_code, last_error, updated_at, id, owner */
type RecordParams = [number, string, Date | null, number | null, string | null, Date, string, string];

/** What `record` calls once its write is over: what it did, or the write's error and null. */
export type RecordDone = (error: unknown, recorded: Recorded | null) => void;

interface PendingRecord {
  params: RecordParams;
  done: RecordDone;
}

interface ClaimRow {
  id: string;
  webhook_id: string;
  workspace_id: string;
  payload: string;
  attempts: number | string;
  max_attempts: number | string;
}

/** A claim (as `claim`) taken in an outcome write's transaction; `done` gets what it claimed (none if the write failed). */
export interface ClaimAlong {
  owner: string;
  now: Date;
  leaseMs: number;
  limit: number;
  done: (claimed: ClaimedDelivery[]) => void;
}

/** What a write did for one outcome: whether the lease held, and whether a claim went along with the write. */
export interface Recorded {
  held: boolean;
  claimedAlong: boolean;
}

/** The most outcomes gathered over several turns before a write starts. */
const MAX_GATHER = 32;

function claimedDeliveries(rows: ClaimRow[]): ClaimedDelivery[] {
  return rows.map((row) => ({
    id: row.id,
    webhookId: row.webhook_id,
    workspaceId: row.workspace_id,
    payload: row.payload,
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
  }));
}

export class DeliveryStore {
  readonly #claimSql: string;
  readonly #claimSettings: string | undefined;
  /** Dates as the driver binds them: Date objects (PostgreSQL), epoch milliseconds (SQLite). */
  readonly #time: (date: Date) => Date | number;
  /** Outcomes waiting for the next write. */
  #pending: PendingRecord[] = [];
  /** The write under way (it takes every outcome that arrives meanwhile along when done). */
  #writing: Promise<void> | null = null;
  /** Asked before each write for a claim to take along (null: none). */
  #claimAlong: () => ClaimAlong | null = () => null;

  constructor(private readonly sql: RawSql) {
    const postgres = sql.kind === 'postgres';
    this.#claimSql = claimSqlFor(postgres);
    this.#claimSettings = postgres ? postgresClaimSettings : undefined;
    this.#time = postgres ? (date) => date : (date) => date.getTime();
  }

  /** Leases up to `limit` due deliveries to `owner` until `now + leaseMs`. */
  async claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const params = this.#claimParams(owner, now, leaseMs, limit);
    // PostgreSQL: the settings, the claim and the commit in one round trip instead of three.
    const rows = this.#claimSettings
      ? await this.sql.allInOneTrip<ClaimRow>(this.#claimSql, params, this.#claimSettings)
      : await this.sql.all<ClaimRow>(this.#claimSql, params);
    return claimedDeliveries(rows);
  }

  /** Each write asks `claimAlong` for a claim to take in its transaction. */
  setClaimAlong(claimAlong: () => ClaimAlong | null): void {
    this.#claimAlong = claimAlong;
  }

  #claimParams(owner: string, now: Date, leaseMs: number, limit: number): unknown[] {
    const until = new Date(now.getTime() + leaseMs);
    return [owner, this.#time(until), this.#time(now), this.#time(now), limit];
  }

  /**
   * Records attempt number `attempts` and releases the lease; `held` is false when `owner` no
   * longer held it. While the lease is held nothing else changes the row. `done` is called once
   * the write is over: with what it did, or with its error and null (a callback, not a promise:
   * one fewer per delivery on the dispatcher's path).
   */
  record(id: string, owner: string, now: Date, attempts: number, outcome: AttemptOutcome, done: RecordDone): void {
    const params: RecordParams =
      outcome.kind === 'succeeded'
        ? [attempts, 'SUCCEEDED', null, outcome.statusCode, null, now, id, owner]
        : [
            attempts,
            outcome.retryAt === null ? 'FAILED' : 'PENDING',
            outcome.retryAt,
            outcome.statusCode,
            outcome.error.slice(0, 500),
            now,
            id,
            owner,
          ];
    this.#pending.push({ params, done });
    this.#writing ??= this.#drain();
  }

  /** Whether outcomes are waiting for or under a write (it will take a claim along). */
  get writing(): boolean {
    return this.#writing !== null;
  }

  /** Resolves once every outcome recorded so far is written. */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<void> {
    // The outcomes of this turn go together, and of the next turns while each adds some (answers
    // arriving one after another): fewer, larger commits; a lone outcome waits one turn, as before.
    for (let seen = 0; this.#pending.length > seen && this.#pending.length < MAX_GATHER;) {
      seen = this.#pending.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      const along = this.#claimAlong();
      let written: { held: boolean[]; claimed: ClaimedDelivery[] };
      try {
        written = await this.#write(
          batch.map((entry) => entry.params),
          along,
        );
      } catch (error) {
        along?.done([]);
        for (const entry of batch) entry.done(error, null);
        continue;
      }
      along?.done(written.claimed);
      const recorded = (i: number): Recorded => ({ held: written.held[i] === true, claimedAlong: along !== null });
      batch.forEach((entry, i) => entry.done(null, recorded(i)));
    }
    this.#writing = null;
  }

  /** Whether each delivery's lease still held (its outcome was written), and what `along` claimed. */
  async #write(batch: RecordParams[], along: ClaimAlong | null): Promise<{ held: boolean[]; claimed: ClaimedDelivery[] }> {
    const claim = along && { sql: this.#claimSql, params: this.#claimParams(along.owner, along.now, along.leaseMs, along.limit) };
    if (this.sql.kind === 'sqlite') {
      const lists = batch.map(([attempts, state, next, statusCode, lastError, at, id, owner]) => [
        { attempts, state, nextAttemptAt: next && next.getTime(), statusCode, lastError, updatedAt: at.getTime(), id, owner },
      ]);
      if (!claim) return { held: (await this.sql.runEach(recordOneSql, lists)).map((changed) => changed === 1), claimed: [] };
      return this.sql.transaction(async (tx) => ({
        held: (await tx.runMany(recordOneSql, lists)).map((changed) => changed === 1),
        claimed: claimedDeliveries(await tx.all<ClaimRow>(claim.sql, claim.params)),
      }));
    }
    const column = (i: number) => batch.map((params) => params[i]);
    // The columns of recordManySql's unnest: id, attempts, state, next_attempt_at, status_code, last_error, updated_at, owner.
    const record = { sql: recordManySql, params: [6, 0, 1, 2, 3, 4, 5, 7].map(column) };
    const [rows = [], claimRows = []] = claim
      ? ((await this.sql.allEachInOneTrip([record, claim], postgresClaimSettings)) as [{ id: string }[], ClaimRow[]])
      : [await this.sql.all<{ id: string }>(record.sql, record.params)];
    const written = new Set(rows.map((row) => row.id));
    return { held: batch.map((params) => written.has(params[6])), claimed: claimedDeliveries(claimRows) };
  }

  /** Gives back every lease of `owner` (shutdown): the deliveries are due again at once. */
  async releaseAll(owner: string): Promise<number> {
    await this.flush();
    return (await this.sql.runEach(releaseSql, [[owner]]))[0] ?? 0;
  }

  /** The earliest next attempt of a PENDING delivery later than `now`, or null. */
  async nextAttemptAfter(now: Date): Promise<Date | null> {
    const [row] = await this.sql.all<{ at: Date | number | string | null }>(nextAttemptSql, [this.#time(now)]);
    return row?.at === null || row?.at === undefined ? null : new Date(row.at);
  }
}
