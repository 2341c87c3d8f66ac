/**
 * The transactional outbox: `stage` adds one delivery per matching enabled webhook to the unit
 * of work that writes the audit event, so the event and its deliveries are committed together
 * (one flush, one transaction) or not at all. The body is built once, here, and sent unchanged
 * on every attempt. It carries the public view of the authorization, never a token or secret.
 */
import type { EntityManager } from '@mikro-orm/core';
import { Authorization, Webhook, WebhookDelivery, Workspace, type WebhookEventType } from '../persistence/entities/index.js';
import type { AuditEntry, AuditOutbox } from '../services/audit-service.js';
import { toAuthorizationView } from '../services/authorization/view.js';
import type { AuthorizationView } from '../views/authorization-view.js';
import { maxAttemptsOf, type RetrySchedule } from './retry-schedule.js';

let counter = 0;

/** Sorts in creation order: the time (ms) and a counter of this process. */
export function nextOrderKey(now: Date): string {
  counter = (counter + 1) % 1e9;
  return `${String(now.getTime()).padStart(15, '0')}.${String(counter).padStart(9, '0')}`;
}

/** The Authorization fields of contract v1 (the body's `data.authorization`). */
function authorizationBody(view: AuthorizationView) {
  return {
    connectionCode: view.connectionCode,
    status: view.status,
    tokenExpiresAt: view.tokenExpiresAt?.toISOString() ?? null,
    lastAuthorizedAt: view.lastAuthorizedAt?.toISOString() ?? null,
    authorizedBy: view.authorizedBy,
    lastRefreshedAt: view.lastRefreshedAt?.toISOString() ?? null,
    refreshTokenExpiresAt: view.refreshTokenExpiresAt?.toISOString() ?? null,
    grantedScopes: view.grantedScopes,
    statusReason: view.statusReason,
  };
}

export interface WebhookOutboxOptions {
  schedule: RetrySchedule;
  /** Called after a commit that staged deliveries (wakes the dispatchers). */
  onStaged: () => void;
}

export class WebhookOutbox implements AuditOutbox {
  constructor(private readonly options: WebhookOutboxOptions) {}

  /** Persists (without flushing) the deliveries of `entry` into `em`; returns how many. */
  async stage(em: EntityManager, entry: AuditEntry, at: Date): Promise<number> {
    const types: WebhookEventType[] = [entry.type, ...(entry.alsoWebhookTypes ?? [])];
    const webhooks = await em.find(Webhook, { workspaceId: entry.workspaceId, enabled: true }, { orderBy: { id: 'asc' } });
    const targets = webhooks.flatMap((webhook) =>
      types.filter((type) => webhook.events.length === 0 || webhook.events.includes(type)).map((type) => ({ webhook, type })),
    );
    if (targets.length === 0) return 0;
    const workspace = await em.findOneOrFail(Workspace, { id: entry.workspaceId });
    const row = entry.connectionId === null ? null : await em.findOne(Authorization, { connectionId: entry.connectionId });
    const authorization = row === null ? null : authorizationBody(toAuthorizationView(entry.connectionCode, row));
    const maxAttempts = maxAttemptsOf(this.options.schedule);
    for (const { webhook, type } of targets) {
      const payload = JSON.stringify({
        type,
        timestamp: at.toISOString(),
        workspace: workspace.slug,
        data: { connectionCode: entry.connectionCode, actor: entry.actor.name ?? null, message: entry.message, authorization },
      });
      em.persist(
        em.create(WebhookDelivery, {
          workspaceId: entry.workspaceId,
          webhookId: webhook.id,
          eventType: type,
          connectionKey: (entry.connectionId ?? entry.connectionCode).slice(0, 64),
          orderKey: nextOrderKey(at),
          payload,
          maxAttempts,
          nextAttemptAt: at,
          createdAt: at,
          updatedAt: at,
        }),
      );
    }
    return targets.length;
  }

  committed(): void {
    this.options.onStaged();
  }
}
