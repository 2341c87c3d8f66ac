/**
 * What follows every change of an authorization: an audit event, the read caches refreshed in
 * every instance, `authorizationChanged` published, and the refreshers told when it is next due
 * (`refresher/due`), so one sleeping past that time wakes earlier.
 */
import type { EntityManager } from '@mikro-orm/core';
import { authorizationTopic } from '../../events/index.js';
import { Authorization, type AuditEventType, type Connection, type WebhookEventType } from '../../persistence/entities/index.js';
import type { AuthorizationView } from '../../views/authorization-view.js';
import { AuthorizationCache } from '../authorization-cache.js';
import type { AuditEntry } from '../audit-service.js';
import type { Actor } from '../types.js';
import type { AuthorizationDomainDeps } from './deps.js';
import { refreshDueAt, toAuthorizationView } from './view.js';

export class AuthorizationOutcomes {
  constructor(private readonly deps: Pick<AuthorizationDomainDeps, 'audit' | 'cache' | 'bus'>) {}

  /** The stored state, read now (not from the cache). */
  async view(em: EntityManager, connection: Connection): Promise<AuthorizationView> {
    const row = await em.fork().findOne(Authorization, { connectionId: connection.id });
    return toAuthorizationView(connection.code, row);
  }

  async audit(
    em: EntityManager,
    connection: Connection,
    actor: Actor,
    type: AuditEventType,
    message: string,
    details?: Record<string, unknown>,
    alsoWebhookTypes?: WebhookEventType[],
    extra: Pick<AuditEntry, 'outcome' | 'foldKey'> = {},
  ): Promise<void> {
    await this.deps.audit.record(em, {
      ...extra,
      workspaceId: connection.workspaceId,
      connectionId: connection.id,
      connectionCode: connection.code,
      type,
      actor,
      message,
      ...(details ? { details } : {}),
      ...(alsoWebhookTypes ? { alsoWebhookTypes } : {}),
    });
  }

  /** After a change: audit (and webhooks), publish the new view, tell the refreshers when it is due. */
  async changed(
    em: EntityManager,
    connection: Connection,
    actor: Actor,
    type: AuditEventType,
    message: string,
    details?: Record<string, unknown>,
    alsoWebhookTypes?: WebhookEventType[],
    extra: Pick<AuditEntry, 'outcome' | 'foldKey'> = {},
  ): Promise<AuthorizationView> {
    await this.audit(em, connection, actor, type, message, details, alsoWebhookTypes, extra);
    const row = await em.fork().findOne(Authorization, { connectionId: connection.id });
    const view = toAuthorizationView(connection.code, row);
    await this.publish(connection, view);
    const dueAt = row === null ? null : refreshDueAt(row);
    if (dueAt !== null) await this.deps.bus.publish('refresher/due', { dueAt });
    return view;
  }

  /**
   * Refresh the read caches everywhere, publish. `view` is stored here (`cache: 'store'`, the
   * default), not stored (`'drop'`), or stored only in place of a view cached here (`'replace'`:
   * background refreshes).
   */
  async publish(
    connection: Connection,
    view: AuthorizationView,
    options: { cache: 'store' | 'drop' | 'replace' } = { cache: 'store' },
  ): Promise<void> {
    const key = AuthorizationCache.key(connection.workspaceId, connection.code);
    if (options.cache === 'replace') await this.deps.cache.replace(key, view);
    else await this.deps.cache.invalidate(key, options.cache === 'store' ? view : undefined);
    await this.deps.bus.publish(authorizationTopic(connection.workspaceId), {
      workspaceId: connection.workspaceId,
      connectionCode: connection.code,
      authorization: view,
    });
  }
}
