/**
 * Webhooks wired for one instance: the outbox the audit log writes into, the service behind
 * the GraphQL operations, and the dispatcher that sends what was committed.
 */
import type { Clock, TokenVault } from '@grantkeeper/oauth-core';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { DatabaseConfig } from '../config.js';
import type { EventBus } from '../events/index.js';
import type { Orm } from '../persistence/orm.js';
import { createRawSql } from '../persistence/raw-sql.js';
import { DeliveryStore } from './delivery-store.js';
import { WebhookDispatcher, type DeliveryResult, type WebhookTarget } from './dispatcher.js';
import { WebhookOutbox } from './outbox.js';
import { defaultRetrySchedule, type RetrySchedule } from './retry-schedule.js';
import { createWebhookSender } from './sender.js';
import { webhookSigningKey } from './signature.js';
import { WebhookService } from './webhook-service.js';

export { WebhookService } from './webhook-service.js';
export { WebhookDispatcher, type DeliveryResult } from './dispatcher.js';
export { defaultRetrySchedule, type RetrySchedule } from './retry-schedule.js';
export { newWebhookSecret, signWebhook } from './signature.js';
export type { WebhookDeliveryView, WebhookView } from './views.js';

/**
 * URL and signing key per webhook, read at most every 5 s (a URL change applies within that);
 * once read, the value itself, not a promise (the dispatcher's path then makes none for it).
 */
function cachedTargets(read: (webhookId: string) => Promise<WebhookTarget | null>) {
  type Entry = { at: number; target: Promise<WebhookTarget | null>; value?: WebhookTarget | null };
  const cache = new Map<string, Entry>();
  return (webhookId: string): WebhookTarget | null | Promise<WebhookTarget | null> => {
    const now = Date.now();
    const hit = cache.get(webhookId);
    if (hit && now - hit.at < TARGET_TTL_MS) return hit.value !== undefined ? hit.value : hit.target;
    if (cache.size > 1000) cache.clear();
    const entry: Entry = { at: now, target: read(webhookId) };
    cache.set(webhookId, entry);
    entry.target.then(
      (value) => (entry.value = value),
      () => cache.get(webhookId) === entry && cache.delete(webhookId),
    );
    return entry.target;
  };
}

const TARGET_TTL_MS = 5_000;

export interface WebhooksDeps {
  orm: Orm;
  kind: DatabaseConfig['kind'];
  vault: TokenVault;
  bus: EventBus;
  logger: Logger;
  /** The outbound Agent (address policy). */
  agent: Dispatcher;
  schedule?: RetrySchedule | undefined;
  clock?: Clock | undefined;
  pollIntervalMs?: number | undefined;
  onResult?: ((result: DeliveryResult) => void) | undefined;
}

export function createWebhooks(deps: WebhooksDeps) {
  const schedule = deps.schedule ?? defaultRetrySchedule;
  let dispatcher: WebhookDispatcher | null = null;
  const kick = () => {
    dispatcher?.kick();
    void deps.bus.publish('webhooks/pending', { count: 1 }).catch(() => undefined);
  };
  const service = new WebhookService(deps.vault, kick);
  const outbox = new WebhookOutbox({ schedule, onStaged: kick });
  dispatcher = new WebhookDispatcher({
    store: new DeliveryStore(createRawSql(deps.orm, deps.kind)),
    send: createWebhookSender(deps.agent),
    target: cachedTargets(async (webhookId) => {
      const target = await service.target(deps.orm.em.fork(), webhookId);
      return target && { url: target.url, key: webhookSigningKey(target.secret) };
    }),
    bus: deps.bus,
    logger: deps.logger,
    schedule,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.pollIntervalMs ? { pollIntervalMs: deps.pollIntervalMs } : {}),
    ...(deps.onResult ? { onResult: deps.onResult } : {}),
  });
  return { service, outbox, dispatcher };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
