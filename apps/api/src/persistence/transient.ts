/**
 * Retrying a write that must not be lost to a transient database error. A refreshed token set is
 * the only copy of a refresh token the provider has already rotated (the old one, presented
 * again, revokes the whole grant), so its write is retried on errors that say "try again"
 * (PostgreSQL deadlock, serialization failure, connection terminated or reset; SQLite busy or
 * locked) instead of giving up at the first. Only these: any other error fails at once.
 */
import type { Logger } from 'pino';

/** PostgreSQL SQLSTATEs worth a retry: deadlock, serialization failure, admin shutdown of the backend. */
const POSTGRES_TRANSIENT = new Set(['40P01', '40001', '57P01']);
/** Node socket errors of a connection lost mid-statement. */
const SOCKET_TRANSIENT = new Set(['ECONNRESET', 'EPIPE']);

/** Whether `error` (or an error it wraps: MikroORM's `previous`, a `cause`) is a transient database error. */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (POSTGRES_TRANSIENT.has(code) || SOCKET_TRANSIENT.has(code)) return true;
      // better-sqlite3's codes carry the extended result code (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE).
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
    }
    e = (e as { previous?: unknown; cause?: unknown }).previous ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

export interface TransientRetry {
  /** Tries in all (the first included). Default 5. */
  attempts?: number;
  /** The wait before the first retry, doubled before each next one (with jitter). Default 25 ms. */
  backoffMs?: number;
  /** Where each retry is logged (warn; the error's code and message only, never parameters). */
  logger?: Pick<Logger, 'warn'>;
  /** What is retried, for the log line. */
  what: string;
}

/**
 * Runs `work` until it succeeds, fails with a non-transient error, or has failed transiently
 * `attempts` times (the last error is thrown). `work` must be safe to run again after a failure:
 * a whole transaction (rolled back on failure), or a single compare-and-swap statement.
 */
export async function retryTransient<T>(work: () => Promise<T>, options: TransientRetry): Promise<T> {
  const attempts = options.attempts ?? 5;
  let wait = options.backoffMs ?? 25;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isTransientDatabaseError(error)) throw error;
      const code = (error as { code?: unknown }).code;
      options.logger?.warn({ code, attempt, what: options.what }, `${options.what} failed transiently; retrying`);
      // Jitter: two writers that deadlocked each other should not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, wait / 2 + Math.random() * wait));
      wait *= 2;
    }
  }
}
