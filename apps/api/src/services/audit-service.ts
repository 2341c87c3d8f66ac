import type { EntityManager } from '@mikro-orm/core';
import { apiKeyAuditEventTypes, userAuditEventTypes, type ApiKeyAuditEventType, type UserAuditEventType } from '@grantkeeper/schema';
import { AuditEvent, type AuditEventType, type AuditOutcome, type WebhookEventType } from '../persistence/entities/index.js';
import { auditPage, type AuditEventView, type AuditFilter, type AuditPage, type AuditReader } from './audit-query.js';
import type { AuthorizationView } from '../views/authorization-view.js';
import { newTimeOrderedId } from '../persistence/entities/columns.js';
import { insertRows, type InsertSpec } from '../persistence/batch-insert.js';
import { binder } from '../persistence/plain-rows.js';
import type { RawTransaction } from '../persistence/raw-sql.js';
import type { Actor, RequestScope } from './types.js';

/** An event of a connection (the ones webhooks are sent for). */
export interface AuditEntry {
  workspaceId: string;
  connectionId: string | null;
  connectionCode: string;
  type: Exclude<AuditEventType, AdministrationEventType>;
  actor: Actor;
  /** For people; never a token or secret. */
  message: string;
  details?: Record<string, unknown>;
  /** Webhook event types raised besides `type` (e.g. REAUTHORIZATION_REQUIRED on entering it). */
  alsoWebhookTypes?: WebhookEventType[];
  /** Default: FAILURE for the failure types (AUTHORIZATION_FAILED, TOKEN_REFRESH_FAILED), else SUCCESS. */
  outcome?: AuditOutcome;
  /**
   * The error class of a failure that repeats (the refresher's failed refreshes): folded into the
   * connection's last event (count + 1, last time, latest message) when that event is the same
   * type, by the same actor, with the same `foldKey`, and nothing else happened since.
   */
  foldKey?: string;
}

/** What an admin does to a user account or an API key (no connection's event). */
type AdministrationEventType = UserAuditEventType | ApiKeyAuditEventType;
const administrationEventTypes: ReadonlySet<string> = new Set([...userAuditEventTypes, ...apiKeyAuditEventTypes]);

/** An administration event: no connection (`connectionCode` empty), no webhook, never folded. */
interface AdministrationAuditEntry<T extends AdministrationEventType> extends Omit<
  AuditEntry,
  'type' | 'alsoWebhookTypes' | 'outcome' | 'foldKey'
> {
  type: T;
}
/** What an admin did to a user account. */
export type UserAuditEntry = AdministrationAuditEntry<UserAuditEventType>;
/** What an admin did to an API key of the workspace. */
export type ApiKeyAuditEntry = AdministrationAuditEntry<ApiKeyAuditEventType>;

const isConnectionEntry = (entry: AuditEntry | AdministrationAuditEntry<AdministrationEventType>): entry is AuditEntry =>
  !administrationEventTypes.has(entry.type);

/** An event written in a batch, with the authorization as written with it (for the webhook bodies). */
export interface StagedEvent {
  entry: AuditEntry;
  authorization: AuthorizationView | null;
}

/** Stages webhook deliveries in the unit of work of the audit event (the transactional outbox). */
export interface AuditOutbox {
  stage(em: EntityManager, entry: AuditEntry, at: Date): Promise<number>;
  /** Many events' deliveries, inserted at once within `tx`. */
  stageMany(tx: RawTransaction, events: readonly StagedEvent[], at: Date): Promise<number>;
  /** After the commit of a unit of work that staged deliveries. */
  committed(): void;
}

export type { AuditEventView, AuditFilter, AuditPage, AuditReader };

const MAX_MESSAGE = 2000;

/** The columns `stageMany` writes (`count` and `last_at` keep their defaults: 1, null). */
const auditInsert: InsertSpec = {
  table: 'audit_events',
  columns: [
    ['id', 'varchar'],
    ['workspace_id', 'varchar'],
    ['connection_id', 'varchar'],
    ['connection_code', 'varchar'],
    ['type', 'varchar'],
    ['outcome', 'varchar'],
    ['actor', 'varchar'],
    ['at', 'timestamptz'],
    ['message', 'varchar'],
    ['details', 'jsonb'],
  ],
};

/** Types that always record a failure; others say so by `outcome` (e.g. an invalid token test). */
const FAILURE_TYPES: ReadonlySet<AuditEventType> = new Set(['AUTHORIZATION_FAILED', 'TOKEN_REFRESH_FAILED']);

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
  async record(em: EntityManager, entry: AuditEntry | UserAuditEntry | ApiKeyAuditEntry): Promise<void> {
    const fork = em.fork();
    const at = new Date();
    const message = entry.message.slice(0, MAX_MESSAGE);
    const connection = isConnectionEntry(entry) ? entry : null;
    const foldKey = connection?.foldKey;
    const folded = connection !== null && foldKey !== undefined && (await this.fold(fork, connection, message, at));
    if (!folded) {
      fork.persist(
        fork.create(AuditEvent, {
          workspaceId: entry.workspaceId,
          connectionId: entry.connectionId,
          connectionCode: entry.connectionCode,
          type: entry.type,
          outcome: connection?.outcome ?? (FAILURE_TYPES.has(entry.type) ? 'FAILURE' : 'SUCCESS'),
          actor: entry.actor.name?.slice(0, 320) ?? null,
          at,
          message,
          details: foldKey === undefined ? (entry.details ?? null) : { ...entry.details, foldKey },
        }),
      );
    }
    const staged = this.outbox && connection ? await this.outbox.stage(fork, { ...connection, message }, at) : 0;
    await fork.flush();
    if (staged > 0) this.outbox?.committed();
    if (connection) this.observe?.(connection, at);
  }

  /**
   * Writes many events (never folded) and their webhook deliveries within `tx`: one multi-row
   * INSERT each. Call {@link committedMany} after the commit. Returns the deliveries staged.
   */
  async stageMany(tx: RawTransaction, events: readonly StagedEvent[], at: Date): Promise<number> {
    if (events.length === 0) return 0;
    const time = binder(tx.kind).time(at);
    const rows = events.map(({ entry }) => [
      newTimeOrderedId(),
      entry.workspaceId,
      entry.connectionId,
      entry.connectionCode,
      entry.type,
      entry.outcome ?? (FAILURE_TYPES.has(entry.type) ? 'FAILURE' : 'SUCCESS'),
      entry.actor.name?.slice(0, 320) ?? null,
      time,
      entry.message.slice(0, MAX_MESSAGE),
      entry.details === undefined ? null : JSON.stringify(entry.details),
    ]);
    await insertRows(tx, auditInsert, rows);
    return this.outbox ? await this.outbox.stageMany(tx, events, at) : 0;
  }

  /** After the commit of {@link stageMany}: wake the dispatchers, tell the observer. */
  committedMany(events: readonly StagedEvent[], staged: number, at: Date): void {
    if (staged > 0) this.outbox?.committed();
    if (this.observe) for (const { entry } of events) this.observe(entry, at);
  }

  /**
   * Folds `entry` into the connection's last event if that is the same repeated failure. The
   * update is conditional on the count read, so of two racing folds one inserts a row instead.
   */
  private async fold(fork: EntityManager, entry: AuditEntry, message: string, at: Date): Promise<boolean> {
    const last = await fork.findOne(
      AuditEvent,
      { workspaceId: entry.workspaceId, connectionCode: entry.connectionCode },
      { orderBy: { at: 'desc', id: 'desc' } },
    );
    const actor = entry.actor.name?.slice(0, 320) ?? null;
    if (!last || last.type !== entry.type || last.actor !== actor || last.details?.['foldKey'] !== entry.foldKey) return false;
    const updated = await fork.nativeUpdate(AuditEvent, { id: last.id, count: last.count }, { count: last.count + 1, lastAt: at, message });
    return updated === 1;
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
    reader?: AuditReader,
  ): Promise<AuditEventView[]> {
    return (await auditPage(scope, { connectionCode }, first, null, reader)).events;
  }

  /** One page of the log, filtered; `after` is the previous page's `endCursor`. */
  page(
    scope: RequestScope,
    filter: AuditFilter,
    first: number | null | undefined,
    after: string | null | undefined,
    reader?: AuditReader,
  ): Promise<AuditPage> {
    return auditPage(scope, filter, first, after, reader);
  }
}
