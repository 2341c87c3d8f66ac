/**
 * Periodic clean-up of rows nobody needs any more: expired sessions, failed sign-in counters
 * whose window has passed, and pending flows a day after they expired (until then a late
 * callback still gets a clear FLOW_EXPIRED answer).
 * Safe to run in every instance at once (plain conditional DELETEs).
 */
import type { Logger } from '../logger.js';
import { LoginFailure, PendingFlow, Session } from './entities/index.js';
import type { Orm } from './orm.js';

const DAY_MS = 24 * 3_600_000;

export interface PurgedRows {
  sessions: number;
  pendingFlows: number;
  loginFailures: number;
}

export async function purgeExpiredRows(orm: Orm, now = new Date()): Promise<PurgedRows> {
  const em = orm.em.fork();
  const sessions = await em.nativeDelete(Session, { expiresAt: { $lte: now } });
  const pendingFlows = await em.nativeDelete(PendingFlow, { expiresAt: { $lt: new Date(now.getTime() - DAY_MS) } });
  const loginFailures = await em.nativeDelete(LoginFailure, { expiresAt: { $lte: now } });
  return { sessions, pendingFlows, loginFailures };
}

export class Housekeeping {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
    private readonly intervalMs = 3_600_000,
  ) {}

  start(): void {
    if (this.#timer !== undefined) return;
    const tick = () => {
      this.#running = purgeExpiredRows(this.orm).then(
        (removed) => {
          if (removed.sessions + removed.pendingFlows + removed.loginFailures > 0) this.logger.info(removed, 'Removed expired rows');
        },
        (err: unknown) => this.logger.warn({ err }, 'Housekeeping failed'),
      );
    };
    this.#timer = setInterval(tick, this.intervalMs);
    this.#timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }
}
