import type { WebhookEventType } from '@grantkeeper/schema';
import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ID_LENGTH, newId } from './columns.js';

/**
 * A receiver of a workspace's events. The signing secret is a vault envelope bound to
 * `{ workspaceId, connectionId: <webhook id>, field: 'webhook_secret' }`; it is shown once, at
 * creation, and never read back by the API.
 */
@Entity({ tableName: 'webhooks' })
@Index({ properties: ['workspaceId', 'createdAt'] })
export class Webhook {
  [OptionalProps]?: 'id' | 'description' | 'enabled' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'string', length: ID_LENGTH })
  id: string = newId();

  @Property({ type: 'string', length: ID_LENGTH })
  workspaceId!: string;

  @Property({ type: 'string', length: 2000 })
  url!: string;

  @Property({ type: 'string', length: 500, nullable: true })
  description: string | null = null;

  /** Empty = every event type. */
  @Property({ type: 'json' })
  events!: WebhookEventType[];

  @Property({ type: 'boolean' })
  enabled: boolean = true;

  @Property({ type: 'text' })
  secretEnvelope!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  updatedAt: Date = new Date();
}
