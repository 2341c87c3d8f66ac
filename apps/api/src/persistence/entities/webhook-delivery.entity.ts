import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ID_LENGTH, newTimeOrderedId } from './columns.js';
import type { WebhookEventType } from '@grantkeeper/schema';

export const webhookDeliveryStates = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type WebhookDeliveryState = (typeof webhookDeliveryStates)[number];

/**
 * The outbox: one row per event and webhook, written in the transaction of the audit event
 * that caused it, sent by the dispatcher of whichever instance claims it. `id` is the
 * `webhook-id` header (the same on every attempt); `payload` is the exact body, fixed at
 * creation. `orderKey` orders the deliveries of one (webhook, connection) pair: the dispatcher
 * only claims the oldest PENDING one of each pair. `leaseOwner`/`leaseUntil` are the claim,
 * only ever changed by conditional UPDATEs (see webhooks/delivery-store.ts).
 */
@Entity({ tableName: 'webhook_deliveries' })
@Index({ properties: ['state', 'nextAttemptAt'] })
@Index({ properties: ['webhookId', 'createdAt'] })
@Index({ properties: ['webhookId', 'connectionKey', 'orderKey'] })
@Index({ name: 'webhook_deliveries_pair_state_order_index', properties: ['webhookId', 'connectionKey', 'state', 'orderKey'] })
@Index({ properties: ['state', 'updatedAt'] })
@Index({ properties: ['state', 'orderKey'] })
export class WebhookDelivery {
  [OptionalProps]?:
    | 'id'
    | 'state'
    | 'attempts'
    | 'nextAttemptAt'
    | 'leaseOwner'
    | 'leaseUntil'
    | 'redeliverRequested'
    | 'lastStatusCode'
    | 'lastError'
    | 'createdAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'string', length: ID_LENGTH })
  id: string = newTimeOrderedId();

  @Property({ type: 'string', length: ID_LENGTH })
  workspaceId!: string;

  @Property({ type: 'string', length: ID_LENGTH })
  webhookId!: string;

  @Property({ type: 'string', length: 40 })
  eventType!: WebhookEventType;

  /** The connection id (kept after the connection is deleted): the ordering group. */
  @Property({ type: 'string', length: 64 })
  connectionKey!: string;

  /** Creation time (ms, zero-padded) and a per-process counter: sorts in event order. */
  @Property({ type: 'string', length: 40 })
  orderKey!: string;

  @Property({ type: 'text' })
  payload!: string;

  @Property({ type: 'string', length: 10 })
  state: WebhookDeliveryState = 'PENDING';

  @Property({ type: 'integer' })
  attempts: number = 0;

  /** The attempt after which the delivery is FAILED (a redelivery allows one more). */
  @Property({ type: 'integer' })
  maxAttempts!: number;

  @Property({ type: 'datetime', nullable: true })
  nextAttemptAt: Date | null = new Date();

  @Property({ type: 'string', length: 100, nullable: true })
  leaseOwner: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  leaseUntil: Date | null = null;

  /** "Redeliver" was pressed while the lease holder was sending: one more attempt follows its outcome. */
  @Property({ type: 'boolean', default: false })
  redeliverRequested: boolean = false;

  @Property({ type: 'integer', nullable: true })
  lastStatusCode: number | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
