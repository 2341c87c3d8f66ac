/**
 * Failed sign-in counting, kept in the database so that every instance behind a load balancer
 * shares one count: N instances do not give an attacker N times the attempts.
 *
 * Three buckets per attempt, each a fixed window of `windowMs` opened by its first counted
 * attempt (all counts are of attempts that reached the password check):
 *
 * - **(account, address)**: the guesser. The first {@link FREE_ATTEMPTS} attempts go straight
 *   through; after that the n-th attempt of the window waits until
 *   `BASE_DELAY_MS × (2^(n − FREE_ATTEMPTS) − 1)` after the window's first one (2 s, 6 s, 14 s,
 *   30 s, … with growing gaps), and at most `maxFailures` attempts reach the check.
 * - **address**: one address guessing many accounts; at most `maxFailures` per window.
 * - **account**: a ceiling against guessing one account from many addresses, at
 *   {@link ACCOUNT_CEILING_FACTOR} × `maxFailures` per window: far more than one address can
 *   spend, so an attacker without the password does not lock the owner out (who signs in from
 *   their own address, with that pair's own count); only an attacker with that many addresses
 *   reaches it.
 *
 * The address is the one Fastify derives (`request.ip`): X-Forwarded-For counts only when
 * TRUST_PROXY says the proxy is ours, so forged headers give no new buckets.
 *
 * An attempt is counted BEFORE its password is checked, by one atomic upsert that returns the
 * new counts (`INSERT … ON CONFLICT … DO UPDATE … RETURNING`, one round trip, on SQLite and
 * PostgreSQL alike). So concurrent attempts spread over any number of instances cannot all pass
 * a check made before any of them was recorded. A refused attempt gives its charges back; a
 * successful one clears its account and its pair, and gives the address its charge back.
 *
 * Buckets are stored as SHA-256 hashes: the table holds no email or client address.
 */
import type { Orm } from '../persistence/orm.js';
import { sha256Hex } from './secrets.js';

/** Attempts of one (account, address) pair that go through without delay in a window. */
export const FREE_ATTEMPTS = 3;
/** The first delay after the free attempts; each further one doubles. */
export const BASE_DELAY_MS = 2_000;
/** The per-account ceiling, as a multiple of `maxFailures`. */
export const ACCOUNT_CEILING_FACTOR = 10;

export interface LoginLimiterOptions {
  orm: Orm;
  /** Attempts allowed to reach the password check per address, and per (account, address), in one window. */
  maxFailures: number;
  windowMs: number;
  now: () => Date;
}

/** The three buckets one sign-in attempt counts against (already hashed). */
export interface LoginBuckets {
  account: string;
  address: string;
  pair: string;
}

interface CountRow {
  bucket: string;
  failures: number | string;
  window_started_at: Date | number | string;
  expires_at: Date | number | string;
}

/** Double-quoted identifiers and `excluded` work the same on SQLite and PostgreSQL. */
const CHARGE_SQL = `insert into "login_failures" ("bucket", "failures", "window_started_at", "expires_at")
values (?, 1, ?, ?), (?, 1, ?, ?), (?, 1, ?, ?)
on conflict ("bucket") do update set
  "failures" = case when "login_failures"."expires_at" <= excluded."window_started_at" then 1
    else "login_failures"."failures" + 1 end,
  "window_started_at" = case when "login_failures"."expires_at" <= excluded."window_started_at"
    then excluded."window_started_at" else "login_failures"."window_started_at" end,
  "expires_at" = case when "login_failures"."expires_at" <= excluded."window_started_at"
    then excluded."expires_at" else "login_failures"."expires_at" end
returning "bucket", "failures", "window_started_at", "expires_at"`;

/**
 * One row per statement: concurrent attempts on PostgreSQL then never hold one row's lock while
 * waiting for another's (a multi-row UPDATE or DELETE locks in scan order, which need not be the
 * charge's order, and two such statements deadlock).
 */
const REFUND_ONE_SQL = `update "login_failures" set "failures" = "failures" - 1 where "bucket" = ? and "failures" > 0`;
const CLEAR_ONE_SQL = `delete from "login_failures" where "bucket" = ?`;

function epochMs(value: Date | number | string): number {
  if (value instanceof Date) return value.getTime();
  const n = Number(value);
  return Number.isFinite(n) ? n : new Date(value).getTime();
}

/** How long after its window opened the n-th attempt of an (account, address) pair may run. */
export function pairDelayMs(attempt: number): number {
  const delayed = attempt - FREE_ATTEMPTS;
  return delayed <= 0 ? 0 : BASE_DELAY_MS * (2 ** delayed - 1);
}

export class LoginLimiter {
  readonly #orm: Orm;
  readonly #max: number;
  readonly #accountCeiling: number;
  readonly #windowMs: number;
  readonly #now: () => Date;

  constructor(opts: LoginLimiterOptions) {
    this.#orm = opts.orm;
    this.#max = opts.maxFailures;
    this.#accountCeiling = opts.maxFailures * ACCOUNT_CEILING_FACTOR;
    this.#windowMs = opts.windowMs;
    this.#now = opts.now;
  }

  /** The hashed buckets of one attempt: the lower-cased account email, the client address, both. */
  static buckets(normalizedEmail: string, address: string): LoginBuckets {
    return {
      account: sha256Hex(`account:${normalizedEmail}`),
      address: sha256Hex(`address:${address}`),
      pair: sha256Hex(`pair:${normalizedEmail}\n${address}`),
    };
  }

  #execute<T>(sql: string, params: unknown[], method: 'all' | 'run'): Promise<T> {
    return this.#orm.em.getConnection().execute(sql, params, method) as Promise<T>;
  }

  /** Milliseconds until this bucket lets the attempt through (0: now). */
  #waitFor(buckets: LoginBuckets, row: CountRow, now: number): number {
    const failures = Number(row.failures);
    const untilWindowEnds = Math.max(epochMs(row.expires_at) - now, 1);
    if (row.bucket === buckets.account) return failures > this.#accountCeiling ? untilWindowEnds : 0;
    if (failures > this.#max) return untilWindowEnds;
    if (row.bucket !== buckets.pair) return 0;
    return Math.max(epochMs(row.window_started_at) + pairDelayMs(failures) - now, 0);
  }

  /**
   * Count this attempt against its three buckets. Returns 0 when the password may be checked,
   * else the milliseconds until the longest-refusing bucket lets it through (the charges are
   * then given back: a refused attempt is not a failure).
   */
  async charge(buckets: LoginBuckets): Promise<number> {
    const now = this.#now();
    const expires = new Date(now.getTime() + this.#windowMs);
    // The upsert locks its rows in the order given: always ascending, so that two charges
    // (on any instance) wait for each other instead of deadlocking.
    const ordered = [buckets.account, buckets.address, buckets.pair].sort();
    const rows = await this.#execute<CountRow[]>(
      CHARGE_SQL,
      ordered.flatMap((bucket) => [bucket, now, expires]),
      'all',
    );
    const wait = Math.max(0, ...rows.map((row) => this.#waitFor(buckets, row, now.getTime())));
    if (wait > 0) for (const bucket of ordered) await this.#execute(REFUND_ONE_SQL, [bucket], 'run');
    return wait;
  }

  /** A sign-in succeeded: forget the account's and the pair's failures, refund the address. */
  async succeeded(buckets: LoginBuckets): Promise<void> {
    await this.#execute(CLEAR_ONE_SQL, [buckets.account], 'run');
    await this.#execute(CLEAR_ONE_SQL, [buckets.pair], 'run');
    await this.#execute(REFUND_ONE_SQL, [buckets.address], 'run');
  }
}
