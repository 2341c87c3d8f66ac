/**
 * Retrying a write that must not be lost to a transient database error. A refreshed token set is
 * the only copy of a refresh token the provider has already rotated (the old one, presented
 * again, revokes the whole grant), so its write is retried on errors that say "try again"
 * (PostgreSQL deadlock, serialization failure, connection terminated, reset or lost; SQLite busy or
 * locked) instead of giving up at the first. Only these: any other error fails at once.
 */
import type { Logger } from 'pino';

/** PostgreSQL SQLSTATEs worth a retry: deadlock, serialization failure, admin shutdown of the backend. */
const POSTGRES_TRANSIENT = new Set(['40P01', '40001', '57P01']);
/** Node socket errors of a connection lost mid-statement. */
const SOCKET_TRANSIENT = new Set(['ECONNRESET', 'EPIPE']);

/** node-postgres's error (no code) when the connection closed under a query it was waiting on. */
const POSTGRES_CONNECTION_LOST = 'Connection terminated unexpectedly';

/**
 * Why `error` (or an error it wraps: MikroORM's `previous`, a `cause`) is a transient database
 * error: its code, or `connection terminated`; null when it is not one.
 */
export function transientReason(error: unknown): string | null {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (POSTGRES_TRANSIENT.has(code) || SOCKET_TRANSIENT.has(code)) return code;
      // better-sqlite3's codes carry the extended result code (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE).
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return code;
    }
    // knex prefixes the statement to the message (`update … - Connection terminated unexpectedly`).
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && message.endsWith(POSTGRES_CONNECTION_LOST)) return 'connection terminated';
    e = (e as { previous?: unknown; cause?: unknown }).previous ?? (e as { cause?: unknown }).cause;
  }
  return null;
}

/** Whether `error` (or an error it wraps) is a transient database error. */
export function isTransientDatabaseError(error: unknown): boolean {
  return transientReason(error) !== null;
}

export interface TransientRetry {
  /** Tries in all (the first included). Default 5. */
  attempts?: number;
  /** The wait before the first retry, doubled before each next one (with jitter). Default 25 ms. */
  backoffMs?: number;
  /** Where each retry is logged (warn; the error's code only, never its message or parameters). */
  logger?: Pick<Logger, 'warn'>;
  /** What is retried, for the log line. */
  what: string;
}

/**
 * Runs `work` until it succeeds, fails with a non-transient error, or has failed transiently
 * `attempts` times (the last error is thrown). `work` must be safe to run again after a failure:
 * a whole transaction (rolled back on failure), or a single compare-and-swap statement. It is
 * told which try this is (1 first): after a lost connection, a failed try may have committed
 * all the same (the connection dropped after the commit, before its answer), which a
 * compare-and-swap tried again sees as a version moved on; a later try can recognise its own
 * write.
 */
export async function retryTransient<T>(work: (attempt: number) => Promise<T>, options: TransientRetry): Promise<T> {
  const attempts = options.attempts ?? 5;
  let wait = options.backoffMs ?? 25;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt);
    } catch (error) {
      const code = transientReason(error);
      if (attempt >= attempts || code === null) throw error;
      options.logger?.warn({ code, attempt, what: options.what }, `${options.what} failed transiently; retrying`);
      // Jitter: two writers that deadlocked each other should not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, wait / 2 + Math.random() * wait));
      wait *= 2;
    }
  }
}
