/**
 * Periodic clean-up of rows nobody needs any more: expired sessions, failed sign-in counters
 * whose window has passed, pending flows a day after they expired (until then a late callback
 * still gets a clear FLOW_EXPIRED answer), finished (SUCCEEDED / FAILED) webhook deliveries
 * older than WEBHOOK_DELIVERY_RETENTION_DAYS, and audit events older than AUDIT_RETENTION_DAYS
 * when that is set (a folded event by its last repeat). PENDING deliveries are never removed.
 * Safe to run in every instance at once (plain conditional DELETEs).
 */
import type { Logger } from '../logger.js';
import { AuditEvent, LoginFailure, PendingFlow, Session, WebhookDelivery } from './entities/index.js';
import type { Orm } from './orm.js';

const DAY_MS = 24 * 3_600_000;

export interface Retention {
  /** Finished webhook deliveries are kept this many days after their last attempt. */
  webhookDeliveryDays: number;
  /** Audit events are kept this many days; null: forever. */
  auditEventDays: number | null;
}

export const DEFAULT_RETENTION: Retention = { webhookDeliveryDays: 30, auditEventDays: null };

export interface PurgedRows {
  sessions: number;
  pendingFlows: number;
  loginFailures: number;
  webhookDeliveries: number;
  auditEvents: number;
}

/** Audit events older than `cutoff`; a folded row counts from its last repeat. */
function deleteAuditEventsBefore(orm: Orm, cutoff: Date): Promise<number> {
  return orm.em.fork().nativeDelete(AuditEvent, { at: { $lt: cutoff }, $or: [{ lastAt: null }, { lastAt: { $lt: cutoff } }] });
}

export async function purgeExpiredRows(orm: Orm, now = new Date(), retention: Retention = DEFAULT_RETENTION): Promise<PurgedRows> {
  const em = orm.em.fork();
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const sessions = await em.nativeDelete(Session, { expiresAt: { $lte: now } });
  const pendingFlows = await em.nativeDelete(PendingFlow, { expiresAt: { $lt: daysAgo(1) } });
  const loginFailures = await em.nativeDelete(LoginFailure, { expiresAt: { $lte: now } });
  const webhookDeliveries = await em.nativeDelete(WebhookDelivery, {
    state: { $in: ['SUCCEEDED', 'FAILED'] },
    updatedAt: { $lt: daysAgo(retention.webhookDeliveryDays) },
  });
  const auditEvents = retention.auditEventDays === null ? 0 : await deleteAuditEventsBefore(orm, daysAgo(retention.auditEventDays));
  return { sessions, pendingFlows, loginFailures, webhookDeliveries, auditEvents };
}

export class Housekeeping {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly orm: Orm,
    private readonly logger: Logger,
    private readonly retention: Retention = DEFAULT_RETENTION,
    private readonly intervalMs = 3_600_000,
  ) {}

  start(): void {
    if (this.#timer !== undefined) return;
    const tick = () => {
      this.#running = purgeExpiredRows(this.orm, new Date(), this.retention).then(
        (removed) => {
          if (Object.values(removed).some((n) => n > 0)) this.logger.info(removed, 'Removed expired rows');
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
