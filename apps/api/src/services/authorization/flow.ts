/**
 * Start Authorization and the callback that completes it (authorization code grant with PKCE).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
import type { EntityManager } from '@mikro-orm/core';
import {
  AuthorizationFlowError,
  completeAuthorization,
  isOAuthCoreError,
  startAuthorization,
  type PendingFlow,
  type PendingFlowStore,
  type ProviderConfig,
  type TokenSet,
} from '@grantkeeper/oauth-core';
import { Authorization, Connection, User } from '../../persistence/entities/index.js';
import type { AuthorizationStateExtras } from '../../persistence/ports/index.js';
import { ServiceError } from '../errors.js';
import { providerConfigOf } from '../provider-config.js';
import type { Actor, RequestScope } from '../types.js';
import { connectionOf, formatUtc, type AuthorizationDomainDeps } from './deps.js';
import type { AuthorizationOutcomes } from './outcomes.js';
import { STATE_WRITE_ATTEMPTS } from './policy.js';

/** What the callback handler needs to redirect the browser. Messages never quote a secret. */
export type CallbackOutcome =
  { ok: true; connectionCode: string } | { ok: false; connectionCode: string | null; reason: string; message: string };

/**
 * Audit actor of a callback whose flow was started without a signed-in user (e.g. by an API key):
 * null is reserved for the automatic refresher.
 */
const callbackActor: Actor = Object.freeze({ kind: 'system', id: null, name: 'OAuth callback' });

/**
 * One callback's view of the pending flows: it remembers the flow it took and the connection it
 * resolved, so the outcome (success or failure) can be written for that connection.
 */
class CallbackAttempt implements PendingFlowStore {
  flow: PendingFlow | null = null;
  connection: Connection | null = null;

  constructor(
    private readonly flows: PendingFlowStore,
    private readonly em: EntityManager,
  ) {}

  save(flow: PendingFlow): Promise<void> {
    return this.flows.save(flow);
  }

  async take(stateHash: string): Promise<PendingFlow | null> {
    this.flow = await this.flows.take(stateHash);
    return this.flow;
  }

  /** The connection of the taken flow (null when it was deleted meanwhile). */
  async resolveConnection(flow: PendingFlow): Promise<Connection | null> {
    this.connection = await this.em.findOne(Connection, { id: flow.key.connectionId, workspaceId: flow.key.workspaceId });
    return this.connection;
  }
}

async function actorOf(em: EntityManager, userId: string | null): Promise<Actor> {
  const user = userId ? await em.findOne(User, { id: userId }) : null;
  return user ? { kind: 'user', id: user.id, name: user.displayName || user.email } : callbackActor;
}

export class AuthorizationFlow {
  constructor(
    private readonly deps: AuthorizationDomainDeps,
    private readonly outcomes: AuthorizationOutcomes,
  ) {}

  async start(scope: RequestScope, code: string): Promise<{ authorizationUrl: string; expiresAt: Date }> {
    const connection = await connectionOf(scope, code);
    const result = await startAuthorization({
      provider: providerConfigOf(connection, this.deps.vault),
      key: { workspaceId: connection.workspaceId, connectionId: connection.id },
      redirectUri: this.deps.redirectUri,
      initiatedBy: scope.actor.kind === 'user' ? scope.actor.id : null,
      flows: this.deps.flows,
      vault: this.deps.vault,
      clock: this.deps.clock,
    });
    const message = `Authorization started; the request expires at ${formatUtc(result.expiresAt)}.`;
    await this.outcomes.audit(scope.em, connection, scope.actor, 'AUTHORIZATION_STARTED', message);
    return result;
  }

  /**
   * Completes a flow from the provider's redirect. Never throws: the outcome tells the callback
   * handler where to send the browser. Nothing is stored on failure.
   */
  async complete(em: EntityManager, callbackUrl: string, currentUserId: string | null): Promise<CallbackOutcome> {
    const attempt = new CallbackAttempt(this.deps.flows, em);
    try {
      const { flow, tokens } = await completeAuthorization({
        callbackUrl,
        flows: attempt,
        vault: this.deps.vault,
        currentUserId,
        fetch: this.deps.fetch,
        clock: this.deps.clock,
        resolveProvider: (pending) => this.providerOf(attempt, pending),
      });
      const connection = attempt.connection;
      if (!connection) throw new Error('completeAuthorization returned without resolving the provider');
      await this.authorized(em, connection, tokens, currentUserId ?? flow.initiatedBy);
      return { ok: true, connectionCode: connection.code };
    } catch (error) {
      return this.failed(em, attempt, currentUserId, error);
    }
  }

  private async providerOf(attempt: CallbackAttempt, pending: PendingFlow): Promise<ProviderConfig> {
    const connection = await attempt.resolveConnection(pending);
    if (!connection || connection.authenticationType !== 'OAUTH2_AUTHORIZATION_CODE') {
      throw new AuthorizationFlowError('INVALID_STATE', 'The connection of this authorization no longer exists.');
    }
    return providerConfigOf(connection, this.deps.vault);
  }

  /** Tokens, status and who/when in one compare-and-swap write (the port schedules the refresh). */
  private async authorized(em: EntityManager, connection: Connection, tokens: TokenSet, userId: string | null): Promise<void> {
    const actor = await actorOf(em, userId);
    const authorizedBy = actor.kind === 'user' ? actor.name : null;
    await this.storeTokens(connection, tokens, {
      lastAuthorizedAt: tokens.obtainedAt,
      authorizedBy,
      authorizedByUserId: actor.kind === 'user' ? actor.id : null,
    });
    const expiry = tokens.expiresAt ? ` The access token expires at ${formatUtc(tokens.expiresAt)}.` : '';
    await this.outcomes.changed(em, connection, actor, 'AUTHORIZED', `Authorized${authorizedBy ? ` by ${authorizedBy}` : ''}.${expiry}`);
  }

  private async failed(
    em: EntityManager,
    attempt: CallbackAttempt,
    currentUserId: string | null,
    error: unknown,
  ): Promise<CallbackOutcome> {
    const reason = isOAuthCoreError(error) ? error.code : 'INTERNAL_SERVER_ERROR';
    const message =
      isOAuthCoreError(error) && error.publicCode !== 'INTERNAL_SERVER_ERROR'
        ? error.message
        : 'The authorization could not be completed because of an internal error.';
    if (!isOAuthCoreError(error)) this.deps.logger.error({ err: error }, 'callback failed');
    const connection = attempt.connection ?? (attempt.flow ? await attempt.resolveConnection(attempt.flow) : null);
    if (connection) {
      // The failure belongs to the user who started the flow (or the one in this browser).
      const actor = await actorOf(em, currentUserId ?? attempt.flow?.initiatedBy ?? null).catch(() => callbackActor);
      // The failure is an event like any other: stored as the status reason and published, so
      // the tab that started the flow shows it at once.
      const statusReason = `Authorization failed at ${formatUtc(this.deps.clock.now())} (${reason}): ${message}`.slice(0, 1000);
      await em
        .fork()
        .nativeUpdate(Authorization, { connectionId: connection.id }, { statusReason })
        .catch(() => undefined);
      await this.outcomes
        .changed(em, connection, actor, 'AUTHORIZATION_FAILED', `Authorization failed (${reason}): ${message}`, { reason })
        .catch(() => undefined);
    }
    return { ok: false, connectionCode: connection?.code ?? null, reason, message };
  }

  /** Writes a complete token set with a version check (retried while concurrent writers win). */
  private async storeTokens(connection: Connection, tokens: TokenSet, extras: AuthorizationStateExtras): Promise<void> {
    for (let attempt = 0; attempt < STATE_WRITE_ATTEMPTS; attempt += 1) {
      const current = await this.deps.state.read(connection.id);
      const update = { status: 'AUTHORIZED', tokens, statusReason: null } as const;
      if (await this.deps.state.compareAndSwap(connection.id, current.version, update, extras)) return;
    }
    throw new ServiceError('CONFLICT', 'The authorization kept changing while the tokens were being stored; try again.');
  }
}
