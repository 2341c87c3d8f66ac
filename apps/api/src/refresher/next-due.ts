/**
 * The idle pass's question, when the next row becomes due, as one prepared raw statement (as the
 * claim): the earliest `next_refresh_at` later than the pass's start among rows not backing off,
 * and the earliest `next_retry_at` later than it among rows backing off, both not leased. It ran
 * as two ORM queries (a knex query built, a round trip and an entity hydrated each); here it is
 * one statement and one round trip, two numbers or dates back. Each half reads an index range:
 * `authorizations_next_refresh_at_index` from `after` on, and the partial
 * `authorizations_next_retry_at_index` (rows backing off only) for the retries, which without it
 * were a scan of the whole table (`due-query-plan.int.test.ts` shows both plans).
 */
import { binder, dateOf } from '../persistence/plain-rows.js';
import type { RawSql } from '../persistence/raw-sql.js';

const nextDueSql = `
select
  (select a.next_refresh_at from authorizations a
    where a.next_refresh_at > ? and a.status = 'AUTHORIZED'
      and (a.lease_expires_at is null or a.lease_expires_at < ?)
      and (a.next_retry_at is null or a.next_retry_at <= ?)
    order by a.next_refresh_at limit 1) as scheduled,
  (select a.next_retry_at from authorizations a
    where a.next_retry_at > ? and a.next_refresh_at is not null and a.status = 'AUTHORIZED'
      and (a.lease_expires_at is null or a.lease_expires_at < ?)
    order by a.next_retry_at limit 1) as retrying`;

/** The statement and its parameters (also for its query plan). */
export function nextDueStatement(kind: RawSql['kind'], after: Date, now: Date): { sql: string; params: unknown[] } {
  const { time } = binder(kind);
  return { sql: nextDueSql, params: [time(after), time(now), time(after), time(after), time(now)] };
}

/**
 * The earliest time later than `after` at which a row becomes due: its next refresh when not
 * backing off (or no longer at `after`), its retry when backing off; leases held at `now` keep a
 * row out (its holder publishes the next due time when done). Null when none is scheduled.
 */
export async function nextDueAfter(sql: RawSql, after: Date, now: Date): Promise<Date | null> {
  const statement = nextDueStatement(sql.kind, after, now);
  const [row] = await sql.all<{ scheduled: unknown; retrying: unknown }>(statement.sql, statement.params);
  const times = [dateOf(row?.scheduled), dateOf(row?.retrying)].filter((t): t is Date => t !== null);
  return times.length === 0 ? null : new Date(Math.min(...times.map((t) => t.getTime())));
}
