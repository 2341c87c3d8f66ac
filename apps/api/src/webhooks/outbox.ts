/**
 * The transactional outbox: `stage` adds one delivery per matching enabled webhook to the unit
 * of work that writes the audit event, so the event and its deliveries are committed together
 * (one flush, one transaction) or not at all. The body is built once, here, and sent unchanged
 * on every attempt. It carries the public view of the authorization, never a token or secret.
 */
import type { EntityManager } from '@mikro-orm/core';
import { Authorization, Webhook, WebhookDelivery, Workspace, type WebhookEventType } from '../persistence/entities/index.js';
import { newTimeOrderedId } from '../persistence/entities/columns.js';
import { insertRows, type InsertSpec } from '../persistence/batch-insert.js';
import { binder, type RawRow } from '../persistence/plain-rows.js';
import type { RawTransaction } from '../persistence/raw-sql.js';
import type { AuditEntry, AuditOutbox, StagedEvent } from '../services/audit-service.js';
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

type WebhookTarget = Pick<Webhook, 'id' | 'workspaceId' | 'events'>;

/** The webhook targets of an event: each enabled webhook that listens to one of its types. */
function targetsOf(webhooks: WebhookTarget[], entry: AuditEntry): { webhook: WebhookTarget; type: WebhookEventType }[] {
  const types: WebhookEventType[] = [entry.type, ...(entry.alsoWebhookTypes ?? [])];
  return webhooks.flatMap((webhook) =>
    types.filter((type) => webhook.events.length === 0 || webhook.events.includes(type)).map((type) => ({ webhook, type })),
  );
}

/** The columns `stageMany` writes (the lease and outcome columns keep their defaults). */
const deliveryInsert: InsertSpec = {
  table: 'webhook_deliveries',
  columns: [
    ['id', 'varchar'],
    ['workspace_id', 'varchar'],
    ['webhook_id', 'varchar'],
    ['event_type', 'varchar'],
    ['connection_key', 'varchar'],
    ['order_key', 'varchar'],
    ['payload', 'text'],
    ['state', 'varchar'],
    ['attempts', 'int'],
    ['max_attempts', 'int'],
    ['next_attempt_at', 'timestamptz'],
    ['created_at', 'timestamptz'],
    ['updated_at', 'timestamptz'],
  ],
};

/** The enabled webhooks and the slugs of a list of workspaces (one JSON array / varchar[] parameter). */
const batchReads = {
  sqlite: {
    webhooks: `select id, workspace_id, events from webhooks where enabled = 1 and workspace_id in (select value from json_each(?)) order by id`,
    slugs: `select id, slug from workspaces where id in (select value from json_each(?))`,
  },
  postgres: {
    webhooks: `select id, workspace_id, events from webhooks where enabled = true and workspace_id = any(?::varchar[]) order by id`,
    slugs: `select id, slug from workspaces where id = any(?::varchar[])`,
  },
};

export interface WebhookOutboxOptions {
  schedule: RetrySchedule;
  /** Called after a commit that staged deliveries (wakes the dispatchers). */
  onStaged: () => void;
}

export class WebhookOutbox implements AuditOutbox {
  constructor(private readonly options: WebhookOutboxOptions) {}

  /** Persists (without flushing) the deliveries of `entry` into `em`; returns how many. */
  async stage(em: EntityManager, entry: AuditEntry, at: Date): Promise<number> {
    const webhooks = await em.find(Webhook, { workspaceId: entry.workspaceId, enabled: true }, { orderBy: { id: 'asc' } });
    if (targetsOf(webhooks, entry).length === 0) return 0;
    const workspace = await em.findOneOrFail(Workspace, { id: entry.workspaceId });
    const row = entry.connectionId === null ? null : await em.findOne(Authorization, { connectionId: entry.connectionId });
    const rows = this.deliveries(entry, row === null ? null : toAuthorizationView(entry.connectionCode, row), webhooks, workspace.slug, at);
    for (const delivery of rows) em.persist(em.create(WebhookDelivery, delivery));
    return rows.length;
  }

  /**
   * The deliveries of many events at once, each with the authorization as just written (no
   * re-read): one query for the webhooks of their workspaces, one multi-row INSERT. Returns how many.
   */
  async stageMany(tx: RawTransaction, events: readonly StagedEvent[], at: Date): Promise<number> {
    const workspaceIds = [...new Set(events.map(({ entry }) => entry.workspaceId))];
    const ids = tx.kind === 'postgres' ? workspaceIds : JSON.stringify(workspaceIds);
    const sql = batchReads[tx.kind];
    const webhooks = (await tx.all<RawRow>(sql.webhooks, [ids])).map((row) => ({
      id: String(row.id),
      workspaceId: String(row.workspace_id),
      events: (typeof row.events === 'string' ? JSON.parse(row.events) : row.events) as WebhookEventType[],
    }));
    if (webhooks.length === 0) return 0;
    const slugs = new Map((await tx.all<RawRow>(sql.slugs, [ids])).map((row) => [String(row.id), String(row.slug)]));
    const deliveries = events.flatMap(({ entry, authorization }) => {
      const own = webhooks.filter((webhook) => webhook.workspaceId === entry.workspaceId);
      return own.length === 0 ? [] : this.deliveries(entry, authorization, own, slugs.get(entry.workspaceId) ?? '', at);
    });
    const time = binder(tx.kind).time;
    const rows = deliveries.map((d) => [
      d.id,
      d.workspaceId,
      d.webhookId,
      d.eventType,
      d.connectionKey,
      d.orderKey,
      d.payload,
      d.state,
      d.attempts,
      d.maxAttempts,
      time(d.nextAttemptAt),
      time(d.createdAt),
      time(d.updatedAt),
    ]);
    await insertRows(tx, deliveryInsert, rows);
    return rows.length;
  }

  private deliveries(entry: AuditEntry, view: AuthorizationView | null, webhooks: WebhookTarget[], slug: string, at: Date) {
    const authorization = view === null ? null : authorizationBody(view);
    const maxAttempts = maxAttemptsOf(this.options.schedule);
    return targetsOf(webhooks, entry).map(({ webhook, type }) => ({
      id: newTimeOrderedId(),
      workspaceId: entry.workspaceId,
      webhookId: webhook.id,
      eventType: type,
      connectionKey: (entry.connectionId ?? entry.connectionCode).slice(0, 64),
      orderKey: nextOrderKey(at),
      payload: JSON.stringify({
        type,
        timestamp: at.toISOString(),
        workspace: slug,
        data: { connectionCode: entry.connectionCode, actor: entry.actor.name ?? null, message: entry.message, authorization },
      }),
      state: 'PENDING' as const,
      attempts: 0,
      maxAttempts,
      nextAttemptAt: at,
      createdAt: at,
      updatedAt: at,
    }));
  }

  committed(): void {
    this.options.onStaged();
  }
}
