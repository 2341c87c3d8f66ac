import type { AuditEventType } from '@grantkeeper/schema';
import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ID_LENGTH, newTimeOrderedId } from './columns.js';

/** Whether the action did what it set out to do (a failed refresh, a denied consent, an invalid token test: FAILURE). */
export const auditOutcomes = ['SUCCESS', 'FAILURE'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/** One line of a connection's history. `message` never contains a token or secret. */
@Entity({ tableName: 'audit_events' })
@Index({ properties: ['workspaceId', 'connectionCode', 'at'] })
@Index({ properties: ['workspaceId', 'at'] })
export class AuditEvent {
  [OptionalProps]?: 'id' | 'connectionId' | 'actor' | 'at' | 'details' | 'outcome' | 'count' | 'lastAt';

  @PrimaryKey({ type: 'string', length: ID_LENGTH })
  id: string = newTimeOrderedId();

  @Property({ type: 'string', length: ID_LENGTH })
  workspaceId!: string;

  /** Kept after the connection is deleted, so the history stays readable. */
  @Property({ type: 'string', length: ID_LENGTH, nullable: true })
  connectionId: string | null = null;

  @Property({ type: 'string', length: 50 })
  connectionCode!: string;

  @Property({ type: 'string', length: 40 })
  type!: AuditEventType;

  /** User display name / email or API key name; null for the automatic refresher. */
  @Property({ type: 'string', length: 320, nullable: true })
  actor: string | null = null;

  @Property({ type: 'datetime' })
  at: Date = new Date();

  @Property({ type: 'string', length: 2000 })
  message!: string;

  @Property({ type: 'string', length: 10, default: 'SUCCESS' })
  outcome: AuditOutcome = 'SUCCESS';

  /** How many identical events this row stands for: repeated refresh failures are folded into one. */
  @Property({ type: 'integer', default: 1 })
  count: number = 1;

  /** The last of the folded events; null while `count` is 1 (then it is `at`). */
  @Property({ type: 'datetime', nullable: true })
  lastAt: Date | null = null;

  /** Structured, non-secret context (e.g. provider error code, revocation outcome). */
  @Property({ type: 'json', nullable: true })
  details: Record<string, unknown> | null = null;
}
