/**
 * Refreshing: the refreshToken mutation (manual), the refresher's scheduled refresh, and the
 * record of a failure (backoff, or REAUTHORIZATION_REQUIRED). Every refresh goes through the
 * RefreshCoordinator, one single flight per connection in this process and across instances.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
import type { EntityManager } from '@mikro-orm/core';
import { isOAuthCoreError, ProviderError, refreshTokenSet, type TokenSet } from '@grantkeeper/oauth-core';
import { Authorization, Connection } from '../../persistence/entities/index.js';
import { scheduleReadWith, type RefreshSchedule } from '../../persistence/ports/index.js';
import type { AuthorizationView } from '../../views/authorization-view.js';
import { ServiceError } from '../errors.js';
import { providerConfigOf } from '../provider-config.js';
import { systemActor, type Actor, type RequestScope } from '../types.js';
import { connectionOf, formatUtc, type AuthorizationDomainDeps } from './deps.js';
import type { AuthorizationOutcomes } from './outcomes.js';
import { decideRefresh, retryAtAfterFailure } from './policy.js';

/** Outcome of one scheduled refresh (the refresher logs and counts them). */
export type ScheduledRefreshOutcome = 'refreshed' | 'skipped' | 'reauthorization_required' | 'failed';

/** A failure's class for folding repeats: the engine's code, the HTTP status and the provider's `error`. */
function errorClassOf(error: unknown): string {
  if (!isOAuthCoreError(error)) return 'INTERNAL_SERVER_ERROR';
  if (!(error instanceof ProviderError)) return error.code;
  return [error.code, error.status ?? 'no-response', error.error ?? ''].join(' ');
}

/** A scheduled refresh's outcome, and whether the provider asked to be left alone. */
export interface ScheduledRefreshResult {
  outcome: ScheduledRefreshOutcome;
  /**
   * Set when the token endpoint answered 429: its `Retry-After` (null when it sent none), so the
   * refresher pauses that provider. (A 503 backs off only the row, as any transient failure.)
   */
  providerBusy?: { retryAfterMs: number | null };
  /**
   * Set when the provider rotated the tokens but their write failed for good: writes the same
   * set again (true stored, false the row moved on or is gone). The refresh token stored is spent,
   * so the caller keeps the lease (renewed) and calls this until it stops failing.
   */
  unwritten?: () => Promise<boolean>;
}

const result = (outcome: ScheduledRefreshOutcome): ScheduledRefreshResult => ({ outcome });

/** 429 Too Many Requests: the provider asks this client to slow down. */
const providerBusy = (error: unknown): ScheduledRefreshResult['providerBusy'] =>
  error instanceof ProviderError && error.status === 429 ? { retryAfterMs: error.retryAfterMs ?? null } : undefined;

/** The outcome of a failed scheduled refresh (the error already recorded). */
export function scheduledFailureResult(error: unknown): ScheduledRefreshResult {
  if (!isOAuthCoreError(error)) return result('failed');
  if (error.code === 'REAUTHORIZATION_REQUIRED') return result('reauthorization_required');
  if (error.code === 'REFRESH_BUSY' || error.code === 'CONFLICT') return result('skipped');
  const busy = providerBusy(error);
  return busy ? { outcome: 'failed', providerBusy: busy } : result('failed');
}

/** Thrown under the lease when the provider is not to be called (see `decideRefresh`). */
class NotPerformed extends Error {
  override readonly name = 'NotPerformed';

  constructor(readonly decision: 'not_due' | 'just_refreshed') {
    super(decision);
  }
}

/** The TOKEN_REFRESHED audit text: when the refresh was due and when it started (the refresher's delay). */
export function refreshedAudit(
  actor: Actor,
  tokens: TokenSet,
  performed: Performed,
): { message: string; details: Record<string, unknown> } {
  const expiry = tokens.expiresAt ? ` The new access token expires at ${formatUtc(tokens.expiresAt)}.` : '';
  return {
    message: `Token refreshed${actor.kind === 'system' ? ' automatically' : ''}.${expiry}`,
    details: { dueAt: performed.schedule.nextRefreshAt?.toISOString() ?? null, startedAt: performed.startedAt.toISOString() },
  };
}

/** What this caller did under the lease, if it called the provider (joined callers did not). */
export interface Performed {
  schedule: RefreshSchedule;
  startedAt: Date;
}

/** One caller's refresh: remembers whether its own `perform` ran, and on which stored row. */
class RefreshAttempt {
  performed: Performed | null = null;
}

export class AuthorizationRefreshes {
  constructor(
    private readonly deps: AuthorizationDomainDeps,
    private readonly outcomes: AuthorizationOutcomes,
  ) {}

  /**
   * Asks the provider for a new token now (coalesced with any concurrent refresh of the same
   * authorization, in this process and across instances).
   */
  async refresh(scope: RequestScope, code: string, known?: Connection): Promise<AuthorizationView> {
    // Taken before any database work: a refresh completed meanwhile answers this call too.
    const requestedAt = scope.requestedAt ?? this.deps.clock.now();
    const connection = known ?? (await connectionOf(scope, code));
    const schedule = await this.deps.state.schedule(connection.id);
    if (!schedule || schedule.status === 'NOT_AUTHORIZED' || (!schedule.hasRefreshToken && !schedule.hasAccessToken)) {
      throw new ServiceError('NOT_AUTHORIZED', `Connection ${connection.code} is not authorized. Use Start Authorization first.`);
    }
    if (schedule.status === 'REAUTHORIZATION_REQUIRED') {
      const why = schedule.statusReason ? ` (${schedule.statusReason})` : '';
      throw new ServiceError(
        'REAUTHORIZATION_REQUIRED',
        `The provider rejected the refresh token${why}. Use Start Authorization to authorize this connection again.`,
      );
    }
    if (!schedule.hasRefreshToken) {
      throw new ServiceError(
        'NOT_AUTHORIZED',
        'No refresh token is stored for this connection. Use Start Authorization to authorize it again.',
      );
    }
    // Joining a scheduled refresh that turned out not to be due yields null: ask again.
    const view = await this.perform(scope.em, connection, scope.actor, requestedAt);
    return view ?? (await this.perform(scope.em, connection, scope.actor, requestedAt)) ?? this.outcomes.view(scope.em, connection);
  }

  /** The refresher's entry: refresh one due authorization; never throws. */
  async refreshScheduled(em: EntityManager, connectionId: string): Promise<ScheduledRefreshResult> {
    const connection = await em.findOne(Connection, { id: connectionId });
    if (!connection) {
      await this.unschedule(connectionId);
      return result('skipped');
    }
    try {
      const view = await this.perform(em, connection, systemActor, 'onlyIfDue');
      return result(view === null ? 'skipped' : 'refreshed');
    } catch (error) {
      if (!isOAuthCoreError(error)) {
        this.deps.logger.error({ err: error, connectionId: connection.id }, 'scheduled refresh failed');
        return result('failed');
      }
      if (error.code === 'REAUTHORIZATION_REQUIRED') return result('reauthorization_required');
      if (error.code === 'REFRESH_BUSY' || error.code === 'CONFLICT') return result('skipped');
      if (error.code === 'NOT_AUTHORIZED') {
        await this.unschedule(connection.id);
        return result('skipped');
      }
      const busy = providerBusy(error);
      return busy ? { outcome: 'failed', providerBusy: busy } : result('failed');
    }
  }

  /** Stops scheduling a row the refresher cannot refresh (no refresh token, connection gone). */
  private async unschedule(connectionId: string): Promise<void> {
    const schedule = await this.deps.state.schedule(connectionId);
    if (schedule !== null) await this.deps.state.unschedule(connectionId, schedule.version);
  }

  /**
   * One refresh through the coordinator: only the caller whose `perform` ran audits and
   * publishes; the others read the stored result.
   *
   * @param asked a manual call: when it was asked for (it shares a refresh completed since shortly
   *   before); 'onlyIfDue': the refresher's call, which skips (null) under the lease unless the row
   *   is due, and skips (REFRESH_BUSY) at once when another instance holds the lease.
   */
  private async perform(
    em: EntityManager,
    connection: Connection,
    actor: Actor,
    asked: Date | 'onlyIfDue',
  ): Promise<AuthorizationView | null> {
    const provider = providerConfigOf(connection, this.deps.vault);
    const attempt = new RefreshAttempt();
    const onlyIfDue = asked === 'onlyIfDue';
    const requestedAt = onlyIfDue ? this.deps.clock.now() : asked;
    try {
      const state = await this.deps.coordinator.refresh(
        connection.id,
        async (current, read) => {
          // Under the lease: the stored row is the truth across instances (as just read).
          const schedule = scheduleReadWith(read) ?? (await this.deps.state.schedule(connection.id));
          if (schedule === null) throw new NotPerformed('not_due'); // deleted meanwhile
          const startedAt = this.deps.clock.now();
          const decision = decideRefresh(schedule, { onlyIfDue, requestedAt, now: startedAt });
          if (decision !== 'perform') throw new NotPerformed(decision);
          attempt.performed = { schedule, startedAt };
          return refreshTokenSet({ provider, current, fetch: this.deps.fetch, clock: this.deps.clock });
        },
        { wait: !onlyIfDue },
      ); // the refresher leaves a row leased elsewhere to that instance
      // Joined another caller's refresh: a scheduled one counts that as skipped (null).
      if (!attempt.performed) return onlyIfDue ? null : await this.outcomes.view(em, connection);
      return await this.refreshed(em, connection, actor, state.tokens as TokenSet, attempt.performed);
    } catch (error) {
      if (error instanceof NotPerformed) return error.decision === 'not_due' ? null : this.outcomes.view(em, connection);
      if (attempt.performed) await this.recordFailure(em, connection, actor, error, attempt.performed);
      throw error;
    }
  }

  /** The audit event says when the refresh was due and when it started (the refresher's delay). */
  private refreshed(
    em: EntityManager,
    connection: Connection,
    actor: Actor,
    tokens: TokenSet,
    performed: Performed,
  ): Promise<AuthorizationView> {
    const { message, details } = refreshedAudit(actor, tokens, performed);
    return this.outcomes.changed(em, connection, actor, 'TOKEN_REFRESHED', message, details);
  }

  /**
   * A manual refresh's token set stored on a background retry (oauth-core's UnwrittenTokens): its
   * caller was answered with the write's error and told the console the refresh failed, so it is
   * audited and published now, as any refresh, and the read caches drop the failure.
   */
  async storedOnRetry(em: EntityManager, connectionId: string): Promise<void> {
    const connection = await em.fork().findOne(Connection, { id: connectionId });
    if (!connection) return;
    const row = await em.fork().findOne(Authorization, { connectionId });
    const expiry = row?.tokenExpiresAt ? ` The new access token expires at ${formatUtc(row.tokenExpiresAt)}.` : '';
    const message = `Token refreshed; stored on a background retry after its first write failed.${expiry}`;
    await this.outcomes.changed(em, connection, systemActor, 'TOKEN_REFRESHED', message);
  }

  /**
   * After the provider call failed. On REAUTHORIZATION_REQUIRED the coordinator already stored
   * that status, which unschedules the row. Otherwise (transient or other provider failure) the
   * status stays and the next attempt backs off, unless the row changed since it was read.
   */
  async recordFailure(em: EntityManager, connection: Connection, actor: Actor, error: unknown, performed: Performed): Promise<void> {
    const { schedule } = performed;
    const message = isOAuthCoreError(error) ? error.message : 'The refresh failed unexpectedly.';
    const reason = isOAuthCoreError(error) ? error.code : 'INTERNAL_SERVER_ERROR';
    const details = { reason, startedAt: performed.startedAt.toISOString() };
    if (reason === 'REAUTHORIZATION_REQUIRED') {
      const text = `The provider rejected the refresh token: ${message} Use Start Authorization to authorize again.`;
      // Webhooks hear REAUTHORIZATION_REQUIRED once: when the connection enters that status.
      const entered = schedule.status !== 'REAUTHORIZATION_REQUIRED' ? (['REAUTHORIZATION_REQUIRED'] as const) : [];
      await this.outcomes.changed(em, connection, actor, 'TOKEN_REFRESH_FAILED', text, details, [...entered]);
      return;
    }
    const now = this.deps.clock.now();
    const refreshFailures = schedule.refreshFailures + 1;
    await this.deps.state.recordRefreshFailure(connection.id, schedule.version, {
      refreshFailures,
      nextRetryAt: retryAtAfterFailure(refreshFailures, error, now, this.deps.random),
      statusReason: `Refresh failed at ${formatUtc(now)}: ${message}`,
    });
    // The refresher's repeats of one error class fold into one audit row (count, last time).
    const fold = actor.kind === 'system' ? { foldKey: errorClassOf(error) } : {};
    await this.outcomes.changed(em, connection, actor, 'TOKEN_REFRESH_FAILED', `Refresh failed: ${message}`, details, undefined, fold);
  }
}
