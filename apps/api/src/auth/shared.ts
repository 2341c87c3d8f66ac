/** What the auth module's services share: unique-constraint mapping, background writes. */
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Logger } from '../logger.js';
import { AuthError } from './errors.js';

/** Flush, turning a unique-constraint violation (a concurrent insert) into CONFLICT. */
export async function flushUnique(em: EntityManager, message: string): Promise<void> {
  try {
    await em.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) {
      throw new AuthError('CONFLICT', message, { reason: 'ALREADY_EXISTS' });
    }
    throw err;
  }
}

/**
 * Writes that must not delay the request (`lastUsedAt`, a session's sliding expiry): failures
 * are logged, and `settled()` waits for those in flight (shutdown, tests).
 */
export class BackgroundWrites {
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly logger: Logger | undefined) {}

  run(work: Promise<unknown>, message: string): void {
    const tracked: Promise<void> = work
      .then(
        () => undefined,
        (err: unknown) => this.logger?.warn({ err }, message),
      )
      .finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
  }

  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }
}
