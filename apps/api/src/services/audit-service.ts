import type { EntityManager } from '@mikro-orm/core';
import { connectionCodePattern } from '@grantkeeper/schema';
import { AuditEvent, type AuditEventType, type WebhookEventType } from '../persistence/entities/index.js';
import type { Actor, RequestScope } from './types.js';
import { badInput } from './errors.js';

export interface AuditEntry {
  workspaceId: string;
  connectionId: string | null;
  connectionCode: string;
  type: AuditEventType;
  actor: Actor;
  /** For people; never a token or secret. */
  message: string;
  details?: Record<string, unknown>;
  /** Webhook event types raised besides `type` (e.g. REAUTHORIZATION_REQUIRED on entering it). */
  alsoWebhookTypes?: WebhookEventType[];
}

/** Stages webhook deliveries in the unit of work of the audit event (the transactional outbox). */
export interface AuditOutbox {
  stage(em: EntityManager, entry: AuditEntry, at: Date): Promise<number>;
  /** After the commit of a unit of work that staged deliveries. */
  committed(): void;
}

export interface AuditEventView {
  id: string;
  connectionCode: string;
  type: AuditEventType;
  actor: string | null;
  at: Date;
  message: string;
}

const MAX_MESSAGE = 2000;

/** The audit log: one event per action and per automatic refresh. */
export class AuditService {
  constructor(
    private readonly outbox: AuditOutbox | null = null,
    /** Told of each committed event (metrics). */
    private readonly observe: ((entry: AuditEntry, at: Date) => void) | null = null,
  ) {}

  /**
   * Writes one event in its own unit of work (`em` is forked so callers' changes stay theirs),
   * together with its webhook deliveries: one flush, so both are committed or neither.
   */
  async record(em: EntityManager, entry: AuditEntry): Promise<void> {
    const fork = em.fork();
    const at = new Date();
    const event = fork.create(AuditEvent, {
      workspaceId: entry.workspaceId,
      connectionId: entry.connectionId,
      connectionCode: entry.connectionCode,
      type: entry.type,
      actor: entry.actor.name?.slice(0, 320) ?? null,
      at,
      message: entry.message.slice(0, MAX_MESSAGE),
      details: entry.details ?? null,
    });
    fork.persist(event);
    const staged = this.outbox ? await this.outbox.stage(fork, { ...entry, message: event.message }, at) : 0;
    await fork.flush();
    if (staged > 0) this.outbox?.committed();
    this.observe?.(entry, at);
  }

  /**
   * When the current run of failed refreshes began: the first TOKEN_REFRESH_FAILED after the
   * last success (TOKEN_REFRESHED or AUTHORIZED); null when there is none.
   */
  async refreshFailingSince(scope: RequestScope, connectionCode: string): Promise<Date | null> {
    const where = { workspaceId: scope.workspaceId, connectionCode };
    const success = await scope.em.findOne(
      AuditEvent,
      { ...where, type: { $in: ['TOKEN_REFRESHED', 'AUTHORIZED'] } },
      { orderBy: { at: 'desc' }, fields: ['at'] },
    );
    const failure = await scope.em.findOne(
      AuditEvent,
      { ...where, type: 'TOKEN_REFRESH_FAILED', ...(success ? { at: { $gte: success.at } } : {}) },
      { orderBy: { at: 'asc' }, fields: ['at'] },
    );
    return failure?.at ?? null;
  }

  /** Newest first; `first` between 1 and 500 (default 50). */
  async list(
    scope: RequestScope,
    connectionCode: string | null | undefined,
    first: number | null | undefined,
  ): Promise<AuditEventView[]> {
    const limit = first ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw badInput('"first" must be between 1 and 500.');
    }
    const where: { workspaceId: string; connectionCode?: string } = { workspaceId: scope.workspaceId };
    if (connectionCode !== null && connectionCode !== undefined) {
      if (!connectionCodePattern.test(connectionCode)) return [];
      where.connectionCode = connectionCode;
    }
    const rows = await scope.em.find(AuditEvent, where, {
      orderBy: { at: 'desc', id: 'desc' },
      limit,
    });
    return rows.map((row) => ({
      id: row.id,
      connectionCode: row.connectionCode,
      type: row.type,
      actor: row.actor,
      at: row.at,
      message: row.message,
    }));
  }
}
