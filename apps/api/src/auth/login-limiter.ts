/**
 * Failed sign-in counting per account and per client address, kept in the database so that
 * every instance behind a load balancer shares one count: N instances do not give an attacker
 * N times the attempts.
 *
 * Policy (fixed windows): the first counted attempt of a bucket opens a window of `windowMs`;
 * within it at most `maxFailures` attempts reach the password check, later ones are refused
 * until the window ends (`retryAfterMs`). A successful sign-in clears its account's bucket.
 *
 * An attempt is counted BEFORE its password is checked, by one atomic upsert that returns the
 * new counts (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`, one round trip, on SQLite and
 * PostgreSQL alike). So concurrent attempts spread over any number of instances cannot all pass
 * a check made before any of them was recorded. A refused attempt gives its charge back, and so
 * does a successful one for the address (only failures count, as before).
 *
 * Buckets are stored as SHA-256 hashes: the table holds no email or client address.
 */
import type { Orm } from '../persistence/orm.js';
import { sha256Hex } from './secrets.js';

export interface LoginLimiterOptions {
  orm: Orm;
  /** Attempts allowed to reach the password check per bucket within one window. */
  maxFailures: number;
  windowMs: number;
  now: () => Date;
}

/** The two buckets one sign-in attempt counts against (already hashed). */
export interface LoginBuckets {
  account: string;
  address: string;
}

interface CountRow {
  bucket: string;
  failures: number | string;
  expires_at: Date | number | string;
}

/** Double-quoted identifiers and `excluded` work the same on SQLite and PostgreSQL. */
const CHARGE_SQL = `insert into "login_failures" ("bucket", "failures", "window_started_at", "expires_at")
values (?, 1, ?, ?), (?, 1, ?, ?)
on conflict ("bucket") do update set
  "failures" = case when "login_failures"."expires_at" <= excluded."window_started_at" then 1
    else "login_failures"."failures" + 1 end,
  "window_started_at" = case when "login_failures"."expires_at" <= excluded."window_started_at"
    then excluded."window_started_at" else "login_failures"."window_started_at" end,
  "expires_at" = case when "login_failures"."expires_at" <= excluded."window_started_at"
    then excluded."expires_at" else "login_failures"."expires_at" end
returning "bucket", "failures", "expires_at"`;

const REFUND_SQL = `update "login_failures" set "failures" = "failures" - 1 where "bucket" in (?, ?) and "failures" > 0`;
const REFUND_ONE_SQL = `update "login_failures" set "failures" = "failures" - 1 where "bucket" = ? and "failures" > 0`;
const CLEAR_SQL = `delete from "login_failures" where "bucket" = ?`;

function epochMs(value: Date | number | string): number {
  if (value instanceof Date) return value.getTime();
  const n = Number(value);
  return Number.isFinite(n) ? n : new Date(value).getTime();
}

export class LoginLimiter {
  readonly #orm: Orm;
  readonly #max: number;
  readonly #windowMs: number;
  readonly #now: () => Date;

  constructor(opts: LoginLimiterOptions) {
    this.#orm = opts.orm;
    this.#max = opts.maxFailures;
    this.#windowMs = opts.windowMs;
    this.#now = opts.now;
  }

  /** The hashed buckets of one attempt: the lower-cased account email and the client address. */
  static buckets(normalizedEmail: string, address: string): LoginBuckets {
    return { account: sha256Hex(`account:${normalizedEmail}`), address: sha256Hex(`address:${address}`) };
  }

  #execute<T>(sql: string, params: unknown[], method: 'all' | 'run'): Promise<T> {
    return this.#orm.em.getConnection().execute(sql, params, method) as Promise<T>;
  }

  /**
   * Count this attempt against both buckets. Returns 0 when the password may be checked, else
   * the milliseconds until the first refusing bucket's window ends (the charge is then given
   * back: a refused attempt is not a failure).
   */
  async charge(buckets: LoginBuckets): Promise<number> {
    const now = this.#now();
    const expires = new Date(now.getTime() + this.#windowMs);
    const rows = await this.#execute<CountRow[]>(
      CHARGE_SQL,
      [buckets.account, now, expires, buckets.address, now, expires],
      'all',
    );
    let wait = 0;
    for (const row of rows) {
      if (Number(row.failures) > this.#max) wait = Math.max(wait, epochMs(row.expires_at) - now.getTime(), 1);
    }
    if (wait > 0) await this.#execute(REFUND_SQL, [buckets.account, buckets.address], 'run');
    return wait;
  }

  /** A sign-in succeeded: forget the account's failures and give the address its charge back. */
  async succeeded(buckets: LoginBuckets): Promise<void> {
    await this.#execute(CLEAR_SQL, [buckets.account], 'run');
    await this.#execute(REFUND_ONE_SQL, [buckets.address], 'run');
  }
}
