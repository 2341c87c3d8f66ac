/** The public views of webhooks and deliveries (no secret, no body). */
import type { Webhook, WebhookDelivery, WebhookDeliveryState, WebhookEventType } from '../persistence/entities/index.js';

export interface WebhookView {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  enabled: boolean;
  createdAt: Date;
}

export interface WebhookDeliveryView {
  id: string;
  webhookId: string;
  eventType: WebhookEventType;
  state: WebhookDeliveryState;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
}

export const toWebhookView = (row: Webhook): WebhookView => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: [...row.events],
  enabled: row.enabled,
  createdAt: row.createdAt,
});

export const toDeliveryView = (row: Omit<WebhookDelivery, 'payload'>): WebhookDeliveryView => ({
  id: row.id,
  webhookId: row.webhookId,
  eventType: row.eventType,
  state: row.state,
  attempts: row.attempts,
  lastStatusCode: row.lastStatusCode,
  lastError: row.lastError,
  nextAttemptAt: row.state === 'PENDING' ? row.nextAttemptAt : null,
  createdAt: row.createdAt,
});
