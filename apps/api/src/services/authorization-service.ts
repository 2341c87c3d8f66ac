/**
 * The four actions of the OAuth2 Authorization Management page (start, test, refresh, revoke),
 * the callback that completes a flow, and the scheduled refresh the refresher runs. After every
 * change: next refresh time from oauth-core's policy, an audit event, `authorizationChanged`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1 (authorization code grant)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6 (refreshing an access token)
 * @see https://www.rfc-editor.org/rfc/rfc7009 (token revocation)
 */
import type { EntityManager } from '@mikro-orm/core';
import {
  AuthorizationFlowError,
  completeAuthorization,
  computeRetryDelayMs,
  isOAuthCoreError,
  ProviderError,
  refreshTokenSet,
  revokeTokenSet,
  startAuthorization,
  testTokenUsability,
  type AuthorizationStatePort,
  type AuthorizationStateUpdate,
  type HttpFetch,
  type PendingFlow,
  type PendingFlowStore,
  type RefreshCoordinator,
  type TokenSet,
  type TokenVault,
} from '@grantkeeper/oauth-core';
import type { Logger } from 'pino';
import type { AuthorizationStateExtras } from '../persistence/ports/index.js';
import { authorizationTopic, type EventBus } from '../events/index.js';
import {
  Authorization,
  Connection,
  PendingFlow as PendingFlowRow,
  User,
  type AuditEventType,
} from '../persistence/entities/index.js';
import type { AuditService } from './audit-service.js';
import { AuthorizationCache } from './authorization-cache.js';
import { notAuthorizedView, type AuthorizationView } from './authorization-view.js';
import { badInput, notFound, ServiceError } from './errors.js';
import { providerConfigOf } from './provider-config.js';
import { systemActor, type Actor, type RequestScope } from './types.js';

/**
 * Audit actor of a callback whose flow was started without a signed-in user (e.g. by an API key):
 * null is reserved for the automatic refresher.
 */
const callbackActor: Actor = Object.freeze({ kind: 'system', id: null, name: 'OAuth callback' });

/** Clock-skew allowance of Test Token: a token expiring sooner than this counts as expired. */
export const TEST_TOKEN_SKEW_SECONDS = 5;

/** The state port, whose compare-and-swap can also set who authorized and when (same write). */
export interface ExtendedStatePort extends AuthorizationStatePort {
  compareAndSwap(
    resource: string,
    expectedVersion: number,
    update: AuthorizationStateUpdate,
    extras?: AuthorizationStateExtras,
  ): Promise<boolean>;
}

export interface AuthorizationServiceDeps {
  vault: TokenVault;
  audit: AuditService;
  cache: AuthorizationCache;
  bus: EventBus;
  coordinator: RefreshCoordinator;
  flows: PendingFlowStore;
  state: ExtendedStatePort;
  redirectUri: string;
  logger: Logger;
  fetch?: HttpFetch | undefined;
}

export interface TokenTestResultView {
  valid: boolean;
  expiresAt: Date | null;
  message: string;
}

/** What the callback handler needs to redirect the browser. Messages never quote a secret. */
export type CallbackOutcome =
  | { ok: true; connectionCode: string }
  | { ok: false; connectionCode: string | null; reason: string; message: string };

/** Outcome of one scheduled refresh (the refresher logs and counts them). */
export type ScheduledRefreshOutcome = 'refreshed' | 'skipped' | 'reauthorization_required' | 'failed';

export function toAuthorizationView(code: string, row: Authorization | null): AuthorizationView {
  if (!row) return notAuthorizedView(code);
  return {
    connectionCode: code,
    status: row.status,
    tokenExpiresAt: row.status === 'NOT_AUTHORIZED' ? null : row.tokenExpiresAt,
    lastAuthorizedAt: row.lastAuthorizedAt,
    authorizedBy: row.authorizedBy,
    lastRefreshedAt: row.lastRefreshedAt,
    refreshTokenExpiresAt: row.status === 'NOT_AUTHORIZED' ? null : row.refreshTokenExpiresAt,
    grantedScopes: row.status === 'NOT_AUTHORIZED' ? [] : [...(row.grantedScopes ?? [])],
    statusReason: row.statusReason,
    nextRefreshAt: row.status === 'AUTHORIZED' ? row.nextRefreshAt : null,
  };
}

const formatUtc = (date: Date): string => `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

function revocationSummary(result: Awaited<ReturnType<typeof revokeTokenSet>> | null): string {
  if (result === null) return 'Nothing was stored.';
  if (!result.attempted) return 'The provider has no revocation endpoint; the tokens were cleared locally.';
  if (result.results.length === 0) return 'No token to revoke at the provider.';
  const parts = result.results.map(
    (r) => `${r.tokenTypeHint.replace('_', ' ')} ${r.ok ? 'revoked' : `not revoked (${r.error ?? 'failed'})`}`,
  );
  return `Revocation at the provider (RFC 7009): ${parts.join(', ')}.`;
}

/** Thrown under the lease when a scheduled refresh finds the row no longer due. */
class NotDueError extends Error {
  override readonly name = 'NotDueError';
}

/** Thrown under the lease when another caller refreshed within the coalescing window. */
class JustRefreshedError extends Error {
  override readonly name = 'JustRefreshedError';
}

/**
 * Manual refreshes asked for within this long after another refresh completed share its result
 * instead of calling the provider again: a burst of refreshToken calls spread over a few hundred
 * milliseconds (and over instances) is one refresh, not a series of rotations.
 */
export const REFRESH_COALESCE_WINDOW_MS = 5_000;

export class AuthorizationService {

  constructor(private readonly deps: AuthorizationServiceDeps) {}

  // ---------------------------------------------------------------- reads

  /** The public view, from the read cache when it can answer. */
  view(scope: RequestScope, code: string): Promise<AuthorizationView> {
    const key = AuthorizationCache.key(scope.workspaceId, code);
    return this.deps.cache.get(key, async () => {
      const connection = await this.connectionOf(scope, code);
      return this.freshView(scope.em, connection);
    });
  }

  /** For `Connection.authorization`: null unless OAUTH2_AUTHORIZATION_CODE. */
  async viewOfConnection(
    scope: RequestScope,
    connection: { code: string; authenticationType: string },
  ): Promise<AuthorizationView | null> {
    if (connection.authenticationType !== 'OAUTH2_AUTHORIZATION_CODE') return null;
    return this.view(scope, connection.code);
  }

  // ---------------------------------------------------------------- start / complete

  async start(scope: RequestScope, code: string): Promise<{ authorizationUrl: string; expiresAt: Date }> {
    const connection = await this.connectionOf(scope, code);
    const result = await startAuthorization({
      provider: providerConfigOf(connection, this.deps.vault),
      key: { workspaceId: connection.workspaceId, connectionId: connection.id },
      redirectUri: this.deps.redirectUri,
      initiatedBy: scope.actor.kind === 'user' ? scope.actor.id : null,
      flows: this.deps.flows,
      vault: this.deps.vault,
    });
    await this.audit(scope.em, connection, scope.actor, 'AUTHORIZATION_STARTED', `Authorization started; the request expires at ${formatUtc(result.expiresAt)}.`);
    return result;
  }

  /**
   * Completes a flow from the provider's redirect. Never throws: the outcome tells the callback
   * handler where to send the browser. Nothing is stored on failure.
   */
  async complete(em: EntityManager, callbackUrl: string, currentUserId: string | null): Promise<CallbackOutcome> {
    let taken: PendingFlow | null = null;
    const flows: PendingFlowStore = {
      save: (flow) => this.deps.flows.save(flow),
      take: async (stateHash) => {
        taken = await this.deps.flows.take(stateHash);
        return taken;
      },
    };
    let connection: Connection | null = null;
    try {
      const { flow, tokens } = await completeAuthorization({
        callbackUrl,
        flows,
        vault: this.deps.vault,
        currentUserId,
        fetch: this.deps.fetch,
        resolveProvider: async (pending) => {
          connection = await em.findOne(Connection, {
            id: pending.key.connectionId,
            workspaceId: pending.key.workspaceId,
          });
          if (!connection || connection.authenticationType !== 'OAUTH2_AUTHORIZATION_CODE') {
            throw new AuthorizationFlowError('INVALID_STATE', 'The connection of this authorization no longer exists.');
          }
          return providerConfigOf(connection, this.deps.vault);
        },
      });
      const found = connection as Connection | null;
      if (!found) throw new Error('completeAuthorization returned without resolving the provider');
      const userId = currentUserId ?? flow.initiatedBy;
      const user = userId ? await em.findOne(User, { id: userId }) : null;
      const authorizedBy = user ? user.displayName || user.email : null;
      const actor: Actor = user ? { kind: 'user', id: user.id, name: authorizedBy } : callbackActor;
      // Tokens, status and who/when in one compare-and-swap write (the port schedules the refresh).
      await this.storeTokens(found, tokens, {
        lastAuthorizedAt: tokens.obtainedAt,
        authorizedBy,
        authorizedByUserId: user?.id ?? null,
      });
      const expiry = tokens.expiresAt ? ` The access token expires at ${formatUtc(tokens.expiresAt)}.` : '';
      await this.changed(em, found, actor, 'AUTHORIZED', `Authorized${authorizedBy ? ` by ${authorizedBy}` : ''}.${expiry}`);
      return { ok: true, connectionCode: found.code };
    } catch (error) {
      const pending = taken as PendingFlow | null;
      let code: string | null = (connection as Connection | null)?.code ?? null;
      if (code === null && pending) {
        const row = await em.findOne(Connection, { id: pending.key.connectionId, workspaceId: pending.key.workspaceId });
        connection = row;
        code = row?.code ?? null;
      }
      const reason = isOAuthCoreError(error) ? error.code : 'INTERNAL_SERVER_ERROR';
      const message =
        isOAuthCoreError(error) && error.publicCode !== 'INTERNAL_SERVER_ERROR'
          ? error.message
          : 'The authorization could not be completed because of an internal error.';
      if (!isOAuthCoreError(error)) {
        this.deps.logger.error({ err: { type: (error as Error)?.name, message: (error as Error)?.message } }, 'callback failed');
      }
      const failed = connection as Connection | null;
      if (failed && code !== null) {
        // The failure belongs to the user who started the flow (or the one in this browser).
        const userId = currentUserId ?? pending?.initiatedBy ?? null;
        const user = userId ? await em.findOne(User, { id: userId }).catch(() => null) : null;
        const actor: Actor = user
          ? { kind: 'user', id: user.id, name: user.displayName || user.email }
          : callbackActor;
        await this.audit(em, failed, actor, 'AUTHORIZATION_FAILED', `Authorization failed (${reason}): ${message}`, {
          reason,
        }).catch(() => undefined);
      }
      return { ok: false, connectionCode: code, reason, message };
    }
  }

  // ---------------------------------------------------------------- test

  /** Valid when a usable access token is available; refreshes first when the stored one is not. */
  async test(scope: RequestScope, code: string): Promise<TokenTestResultView> {
    const connection = await this.connectionOf(scope, code);
    const state = await this.deps.state.read(connection.id);
    let result: TokenTestResultView;
    if (state.status === 'REAUTHORIZATION_REQUIRED') {
      result = {
        valid: false,
        expiresAt: state.tokens?.expiresAt ?? null,
        message: `The provider rejected the refresh token${state.statusReason ? ` (${state.statusReason})` : ''}. Use Start Authorization to authorize this connection again.`,
      };
    } else {
      let usability = testTokenUsability(state.tokens, { now: new Date(), skewSeconds: TEST_TOKEN_SKEW_SECONDS });
      let prefix = '';
      if (!usability.usable && usability.refreshable && state.status === 'AUTHORIZED') {
        // As an integration would: refresh first, then judge the new token.
        try {
          await this.refresh(scope, code, connection);
          const after = await this.deps.state.read(connection.id);
          usability = testTokenUsability(after.tokens, { now: new Date(), skewSeconds: TEST_TOKEN_SKEW_SECONDS });
          prefix = 'The token was due and has been refreshed. ';
        } catch (error) {
          const why = isOAuthCoreError(error) || error instanceof ServiceError ? error.message : 'the refresh failed';
          usability = { ...usability, message: `The stored token expired and could not be refreshed: ${why} Use Start Authorization to authorize this connection again.` };
        }
      }
      result = { valid: usability.usable, expiresAt: usability.expiresAt, message: prefix + usability.message };
    }
    await this.audit(scope.em, connection, scope.actor, 'TOKEN_TESTED', `Token test: ${result.valid ? 'valid' : 'not valid'}. ${result.message}`);
    return result;
  }

  // ---------------------------------------------------------------- refresh

  /**
   * Asks the provider for a new token now (coalesced with any concurrent refresh of the same
   * authorization, in this process and across instances).
   */
  async refresh(scope: RequestScope, code: string, known?: Connection): Promise<AuthorizationView> {
    const connection = known ?? (await this.connectionOf(scope, code));
    const row = await scope.em.fork().findOne(Authorization, { connectionId: connection.id });
    if (!row || row.status === 'NOT_AUTHORIZED' || (!row.refreshTokenEnvelope && !row.accessTokenEnvelope)) {
      throw new ServiceError('NOT_AUTHORIZED', `Connection ${connection.code} is not authorized. Use Start Authorization first.`);
    }
    if (row.status === 'REAUTHORIZATION_REQUIRED') {
      throw new ServiceError(
        'REAUTHORIZATION_REQUIRED',
        `The provider rejected the refresh token${row.statusReason ? ` (${row.statusReason})` : ''}. Use Start Authorization to authorize this connection again.`,
      );
    }
    if (!row.refreshTokenEnvelope) {
      throw new ServiceError('NOT_AUTHORIZED', 'No refresh token is stored for this connection. Use Start Authorization to authorize it again.');
    }
    // Joining a scheduled refresh that turned out not to be due yields null: ask again.
    const view = await this.performRefresh(scope.em, connection, scope.actor, false);
    return view ?? (await this.performRefresh(scope.em, connection, scope.actor, false)) ?? this.freshView(scope.em, connection);
  }

  /** The refresher's entry: refresh one due authorization; never throws. */
  async refreshScheduled(em: EntityManager, connectionId: string): Promise<ScheduledRefreshOutcome> {
    const connection = await em.findOne(Connection, { id: connectionId });
    if (!connection) {
      await em.fork().nativeUpdate(Authorization, { connectionId }, { nextRefreshAt: null });
      return 'skipped';
    }
    try {
      const view = await this.performRefresh(em, connection, systemActor, true);
      return view === null ? 'skipped' : 'refreshed';
    } catch (error) {
      if (isOAuthCoreError(error) && error.code === 'REAUTHORIZATION_REQUIRED') return 'reauthorization_required';
      if (isOAuthCoreError(error) && (error.code === 'REFRESH_BUSY' || error.code === 'CONFLICT')) return 'skipped';
      if (isOAuthCoreError(error) && error.code === 'NOT_AUTHORIZED') {
        await em.fork().nativeUpdate(Authorization, { connectionId }, { nextRefreshAt: null });
        return 'skipped';
      }
      if (!isOAuthCoreError(error)) {
        this.deps.logger.error({ err: { type: (error as Error)?.name, message: (error as Error)?.message }, connectionId }, 'scheduled refresh failed');
      }
      return 'failed';
    }
  }

  /**
   * One refresh through the coordinator, which coalesces concurrent calls for the connection in
   * this process and across instances: only the caller whose `perform` ran audits and publishes;
   * the others read the stored result.
   *
   * @param onlyIfDue the refresher's call: under the lease, re-check that the row is still due
   *   (its due query may predate another instance's refresh) and skip (null) when it is not.
   */
  private async performRefresh(
    em: EntityManager,
    connection: Connection,
    actor: Actor,
    onlyIfDue: boolean,
  ): Promise<AuthorizationView | null> {
    const provider = providerConfigOf(connection, this.deps.vault);
    // Another caller (here or in another instance) may do the provider call: it also writes the
    // audit event and publishes; this caller then only returns the stored result.
    let performed = false;
    try {
      const requestedAt = Date.now();
      const state = await this.deps.coordinator.refresh(connection.id, async (current) => {
        // Under the lease: the stored row is the truth across instances.
        const row = await em.fork().findOne(Authorization, { connectionId: connection.id });
        if (onlyIfDue) {
          if (!row || row.nextRefreshAt === null || row.nextRefreshAt.getTime() > Date.now()) throw new NotDueError();
        } else if (row?.lastRefreshedAt && row.lastRefreshedAt.getTime() >= requestedAt - REFRESH_COALESCE_WINDOW_MS) {
          throw new JustRefreshedError();
        }
        performed = true;
        return refreshTokenSet({ provider, current, fetch: this.deps.fetch });
      });
      if (!performed) return this.freshView(em, connection);
      // The state port already scheduled the next refresh and reset the failure count.
      const tokens = state.tokens as TokenSet;
      const expiry = tokens.expiresAt ? ` The new access token expires at ${formatUtc(tokens.expiresAt)}.` : '';
      return await this.changed(em, connection, actor, 'TOKEN_REFRESHED', `Token refreshed${actor.kind === 'system' ? ' automatically' : ''}.${expiry}`);
    } catch (error) {
      if (error instanceof NotDueError) return null;
      if (error instanceof JustRefreshedError) return this.freshView(em, connection);
      if (performed) await this.recordRefreshFailure(em, connection, actor, error);
      throw error;
    }
  }

  private async recordRefreshFailure(em: EntityManager, connection: Connection, actor: Actor, error: unknown): Promise<void> {
    const message = isOAuthCoreError(error) ? error.message : 'The refresh failed unexpectedly.';
    if (isOAuthCoreError(error) && error.code === 'REAUTHORIZATION_REQUIRED') {
      // The coordinator already stored status REAUTHORIZATION_REQUIRED with the reason.
      await em.fork().nativeUpdate(Authorization, { connectionId: connection.id }, { nextRefreshAt: null, nextRetryAt: null });
      await this.changed(em, connection, actor, 'TOKEN_REFRESH_FAILED', `The provider rejected the refresh token: ${message} Use Start Authorization to authorize again.`, {
        reason: error.code,
      });
      return;
    }
    // Transient or other provider failure: status unchanged, retry with backoff.
    const fork = em.fork();
    const row = await fork.findOne(Authorization, { connectionId: connection.id });
    if (row) {
      const failures = row.refreshFailures + 1;
      const retryAfterMs = error instanceof ProviderError ? error.retryAfterMs : undefined;
      const delay = computeRetryDelayMs(failures, { retryAfterMs, baseMs: 1_000, maxMs: 5 * 60_000 });
      await fork.nativeUpdate(
        Authorization,
        { connectionId: connection.id },
        {
          refreshFailures: failures,
          nextRetryAt: new Date(Date.now() + delay),
          statusReason: `Refresh failed at ${formatUtc(new Date())}: ${message}`.slice(0, 1000),
        },
      );
    }
    await this.changed(em, connection, actor, 'TOKEN_REFRESH_FAILED', `Refresh failed: ${message}`, {
      reason: isOAuthCoreError(error) ? error.code : 'INTERNAL_SERVER_ERROR',
    });
  }

  // ---------------------------------------------------------------- revoke / delete

  /** RFC 7009 at the provider (best effort), then every token cleared: NOT_AUTHORIZED. */
  async revoke(scope: RequestScope, code: string): Promise<AuthorizationView> {
    const connection = await this.connectionOf(scope, code);
    const summary = await this.revokeAndClear(connection);
    return this.changed(scope.em, connection, scope.actor, 'AUTHORIZATION_REVOKED', `Authorization revoked; all tokens cleared. ${summary}`);
  }

  /** Used when a connection is deleted: revoke, drop its authorization and pending flows, publish. */
  async removeForDeletedConnection(scope: RequestScope, connection: Connection): Promise<string> {
    const summary = await this.revokeAndClear(connection);
    await scope.em.nativeDelete(Authorization, { connectionId: connection.id });
    await scope.em.nativeDelete(PendingFlowRow, { connectionId: connection.id });
    const view: AuthorizationView = { ...notAuthorizedView(connection.code), statusReason: 'The connection was deleted.' };
    await this.publish(connection, view, { cache: false });
    return summary;
  }

  /**
   * Revokes whatever is stored and clears it with a version check; if a refresh wrote new tokens
   * in between, those are revoked and cleared too.
   */
  private async revokeAndClear(connection: Connection): Promise<string> {
    const provider = (() => {
      try {
        return providerConfigOf(connection, this.deps.vault);
      } catch {
        return null;
      }
    })();
    const summaries: string[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      let state;
      try {
        state = await this.deps.state.read(connection.id);
      } catch (error) {
        if (isOAuthCoreError(error) && error.code === 'NOT_AUTHORIZED') return revocationSummary(null);
        throw error;
      }
      if (state.tokens === null && state.status === 'NOT_AUTHORIZED') {
        return summaries.length ? summaries.join(' ') : revocationSummary(null);
      }
      if (state.tokens !== null && provider !== null) {
        summaries.push(revocationSummary(await revokeTokenSet({ provider, tokens: state.tokens, fetch: this.deps.fetch })));
      }
      const written = await this.deps.state.compareAndSwap(connection.id, state.version, {
        status: 'NOT_AUTHORIZED',
        tokens: null,
        statusReason: null,
      });
      if (written) return summaries.join(' ') || revocationSummary(null);
    }
    throw new ServiceError('CONFLICT', 'The authorization kept changing while it was being revoked; try again.');
  }

  // ---------------------------------------------------------------- helpers

  /** Writes a complete token set with a version check (retried if a concurrent writer won). */
  private async storeTokens(connection: Connection, tokens: TokenSet, extras: AuthorizationStateExtras): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.deps.state.read(connection.id);
      const written = await this.deps.state.compareAndSwap(
        connection.id,
        current.version,
        { status: 'AUTHORIZED', tokens, statusReason: null },
        extras,
      );
      if (written) return;
    }
    throw new ServiceError('CONFLICT', 'The authorization kept changing while the tokens were being stored; try again.');
  }

  /** The connection of `code` in the scope's workspace; BAD_USER_INPUT unless OAUTH2_AUTHORIZATION_CODE. */
  private async connectionOf(scope: RequestScope, code: string): Promise<Connection> {
    const connection =
      code.length <= 50 ? await scope.em.findOne(Connection, { workspaceId: scope.workspaceId, code }) : null;
    if (!connection) throw notFound(`No connection with code ${code} in this workspace.`);
    if (connection.authenticationType !== 'OAUTH2_AUTHORIZATION_CODE') {
      throw badInput(
        `Connection ${code} uses ${connection.authenticationType}; authorizations exist only for OAUTH2_AUTHORIZATION_CODE connections.`,
      );
    }
    return connection;
  }

  private async freshView(em: EntityManager, connection: Connection): Promise<AuthorizationView> {
    const row = await em.fork().findOne(Authorization, { connectionId: connection.id });
    return toAuthorizationView(connection.code, row);
  }

  private async audit(
    em: EntityManager,
    connection: Connection,
    actor: Actor,
    type: AuditEventType,
    message: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.record(em, {
      workspaceId: connection.workspaceId,
      connectionId: connection.id,
      connectionCode: connection.code,
      type,
      actor,
      message,
      ...(details ? { details } : {}),
    });
  }

  /** After every change: audit, refresh the read caches everywhere, publish `authorizationChanged`. */
  private async changed(
    em: EntityManager,
    connection: Connection,
    actor: Actor,
    type: AuditEventType,
    message: string,
    details?: Record<string, unknown>,
  ): Promise<AuthorizationView> {
    await this.audit(em, connection, actor, type, message, details);
    const view = await this.freshView(em, connection);
    await this.publish(connection, view);
    return view;
  }

  private async publish(connection: Connection, view: AuthorizationView, options = { cache: true }): Promise<void> {
    const key = AuthorizationCache.key(connection.workspaceId, connection.code);
    await this.deps.cache.invalidate(key, options.cache ? view : undefined);
    await this.deps.bus.publish(authorizationTopic(connection.workspaceId), {
      workspaceId: connection.workspaceId,
      connectionCode: connection.code,
      authorization: view,
    });
  }
}
