/**
 * Webhooks of a workspace (the resolvers check ADMIN): create (the secret is returned once and
 * stored only as a vault envelope), update, delete (with its deliveries), the delivery log, and
 * redelivery (a new attempt now, same delivery id).
 */
import type { TokenVault } from '@grantkeeper/oauth-core';
import type { EntityManager } from '@mikro-orm/core';
import { webhookEventTypes, type WebhookEventType } from '@grantkeeper/schema';
import { Webhook, WebhookDelivery } from '../persistence/entities/index.js';
import { badInput, notFound } from '../services/errors.js';
import type { RequestScope } from '../services/types.js';
import { optionalText, validateUrl } from '../services/validation.js';
import { newWebhookSecret } from './signature.js';
import { toDeliveryView, toWebhookView, type WebhookDeliveryView, type WebhookView } from './views.js';

export interface WebhookInput {
  url?: string | null | undefined;
  description?: string | null | undefined;
  events?: readonly string[] | null | undefined;
  enabled?: boolean | null | undefined;
}

const SECRET_FIELD = 'webhook_secret';
const MAX_WEBHOOKS = 50;

const secretAad = (webhook: Pick<Webhook, 'workspaceId' | 'id'>) => ({
  workspaceId: webhook.workspaceId,
  connectionId: webhook.id,
  field: SECRET_FIELD,
});

function validateEvents(events: readonly string[]): WebhookEventType[] {
  for (const type of events) {
    if (!(webhookEventTypes as readonly string[]).includes(type)) throw badInput(`"events": unknown event type ${type}.`);
  }
  return [...new Set(events as WebhookEventType[])];
}

export class WebhookService {
  constructor(
    private readonly vault: TokenVault,
    /** Wakes the dispatchers after a redelivery. */
    private readonly kick: () => void,
  ) {}

  async list(scope: RequestScope): Promise<WebhookView[]> {
    const rows = await scope.em.find(Webhook, { workspaceId: scope.workspaceId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return rows.map(toWebhookView);
  }

  async create(scope: RequestScope, input: WebhookInput): Promise<{ webhook: WebhookView; secret: string }> {
    const url = validateUrl('url', input.url);
    const em = scope.em.fork();
    if ((await em.count(Webhook, { workspaceId: scope.workspaceId })) >= MAX_WEBHOOKS) {
      throw badInput(`A workspace may have at most ${MAX_WEBHOOKS} webhooks.`);
    }
    const secret = newWebhookSecret();
    const row = em.create(Webhook, {
      workspaceId: scope.workspaceId,
      url,
      description: optionalText('description', input.description, 500),
      events: validateEvents(input.events ?? []),
      secretEnvelope: '',
    });
    row.secretEnvelope = this.vault.encrypt(secret, secretAad(row));
    await em.persistAndFlush(row);
    return { webhook: toWebhookView(row), secret };
  }

  async update(scope: RequestScope, id: string, input: WebhookInput): Promise<WebhookView> {
    const em = scope.em.fork();
    const row = await this.find(em, scope, id);
    if (input.url !== undefined && input.url !== null) row.url = validateUrl('url', input.url);
    if (input.description !== undefined) row.description = optionalText('description', input.description, 500);
    if (input.events !== undefined && input.events !== null) row.events = validateEvents(input.events);
    if (input.enabled !== undefined && input.enabled !== null) row.enabled = input.enabled;
    row.updatedAt = new Date();
    await em.flush();
    if (row.enabled) this.kick();
    return toWebhookView(row);
  }

  async delete(scope: RequestScope, id: string): Promise<boolean> {
    const em = scope.em.fork();
    const row = await this.find(em, scope, id);
    await em.transactional(async (tx) => {
      await tx.nativeDelete(WebhookDelivery, { webhookId: row.id });
      await tx.nativeDelete(Webhook, { id: row.id });
    });
    return true;
  }

  /** Newest first; `first` between 1 and 500 (default 50). */
  async deliveries(scope: RequestScope, webhookId: string, first: number | null | undefined): Promise<WebhookDeliveryView[]> {
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw badInput('"first" must be between 1 and 500.');
    const webhook = await this.find(scope.em, scope, webhookId);
    const rows = await scope.em.find(
      WebhookDelivery,
      { webhookId: webhook.id },
      { orderBy: { orderKey: 'desc' }, limit, exclude: ['payload'] },
    );
    return rows.map(toDeliveryView);
  }

  /**
   * A new attempt now with the same `webhook-id`; a finished delivery gets exactly one more. While
   * an instance is sending it (holds its lease), the request is noted and one more attempt follows
   * that attempt's outcome (DeliveryStore.record), so pressing Redeliver then is never lost. Each
   * write is a compare-and-swap on what was read (state, attempts, lease); on a race it re-reads.
   */
  async redeliver(scope: RequestScope, id: string): Promise<WebhookDeliveryView> {
    const em = scope.em.fork();
    for (let tries = 0; ; tries += 1) {
      const row = await em.findOne(WebhookDelivery, { id, workspaceId: scope.workspaceId }, { exclude: ['payload'], refresh: true });
      if (!row) throw notFound('No such webhook delivery in this workspace.');
      const now = new Date();
      const held = row.leaseOwner !== null && row.leaseUntil !== null && row.leaseUntil > now;
      const update = held
        ? { redeliverRequested: true }
        : row.state === 'PENDING'
          ? { nextAttemptAt: now, leaseOwner: null, leaseUntil: null }
          : { state: 'PENDING' as const, nextAttemptAt: now, maxAttempts: row.attempts + 1, leaseOwner: null, leaseUntil: null };
      const where = { id: row.id, state: row.state, attempts: row.attempts, leaseOwner: row.leaseOwner };
      const changed = await em.nativeUpdate(WebhookDelivery, where, { ...update, updatedAt: now });
      if (changed === 1 || tries >= 4) {
        this.kick();
        await em.refresh(row);
        return toDeliveryView(row);
      }
    }
  }

  /** The URL and the decrypted secret, for the dispatcher. */
  async target(em: EntityManager, webhookId: string): Promise<{ url: string; secret: string } | null> {
    const row = await em.findOne(Webhook, { id: webhookId });
    return row ? { url: row.url, secret: this.vault.decrypt(row.secretEnvelope, secretAad(row)) } : null;
  }

  private async find(em: EntityManager, scope: RequestScope, id: string): Promise<Webhook> {
    const row = await em.findOne(Webhook, { id, workspaceId: scope.workspaceId });
    if (!row) throw notFound('No such webhook in this workspace.');
    return row;
  }
}
