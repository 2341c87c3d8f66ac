/**
 * The four actions of the OAuth2 Authorization Management page (start, test, refresh, revoke),
 * the callback that completes a flow, and the scheduled refresh the refresher runs: a thin
 * facade over the parts in `./authorization/`, so callers (resolvers, the callback route, the
 * refresher, the outbound proxy) keep one entry.
 *
 * - `flow.ts`: start and complete the authorization code flow;
 * - `refresh.ts`: manual and scheduled refreshes, failures with backoff (numbers in `policy.ts`);
 * - `token-test.ts`: Test Token;
 * - `revoke.ts`: revocation, and removal for a deleted connection;
 * - `outcomes.ts`: after every change, the audit event and what is published.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Connection } from '../persistence/entities/index.js';
import type { AuthorizationView } from '../views/authorization-view.js';
import type { AuthorizationDomainDeps } from './authorization/deps.js';
import { AuthorizationFlow, type CallbackOutcome } from './authorization/flow.js';
import { AuthorizationOutcomes } from './authorization/outcomes.js';
import { AuthorizationRefreshes, type ScheduledRefreshResult } from './authorization/refresh.js';
import { AuthorizationRevocation } from './authorization/revoke.js';
import { ClaimedRefreshes, type ClaimedAuthorization, type ClaimedDatabase } from './authorization/claimed.js';
import { TokenTester, type TokenTestResultView } from './authorization/token-test.js';
import { AuthorizationCache } from './authorization-cache.js';
import { connectionOf } from './authorization/deps.js';
import type { RequestScope } from './types.js';

export class AuthorizationService {
  private readonly outcomes: AuthorizationOutcomes;
  private readonly flow: AuthorizationFlow;
  private readonly refreshes: AuthorizationRefreshes;
  private readonly tester: TokenTester;
  private readonly revocation: AuthorizationRevocation;
  private readonly claimed: ClaimedRefreshes;

  constructor(private readonly deps: AuthorizationDomainDeps) {
    this.outcomes = new AuthorizationOutcomes(deps);
    this.flow = new AuthorizationFlow(deps, this.outcomes);
    this.refreshes = new AuthorizationRefreshes(deps, this.outcomes);
    this.tester = new TokenTester(deps, this.outcomes, this.refreshes);
    this.revocation = new AuthorizationRevocation(deps, this.outcomes);
    this.claimed = new ClaimedRefreshes(deps, this.outcomes, this.refreshes);
  }

  /** The public view, from the read cache when it can answer. */
  view(scope: RequestScope, code: string): Promise<AuthorizationView> {
    const key = AuthorizationCache.key(scope.workspaceId, code);
    return this.deps.cache.get(key, async () => this.outcomes.view(scope.em, await connectionOf(scope, code)));
  }

  /** For `Connection.authorization`: null unless OAUTH2_AUTHORIZATION_CODE. */
  async viewOfConnection(scope: RequestScope, connection: { code: string; authenticationType: string }): Promise<AuthorizationView | null> {
    if (connection.authenticationType !== 'OAUTH2_AUTHORIZATION_CODE') return null;
    return this.view(scope, connection.code);
  }

  start(scope: RequestScope, code: string): Promise<{ authorizationUrl: string; expiresAt: Date }> {
    return this.flow.start(scope, code);
  }

  /** Completes a flow from the provider's redirect; never throws. */
  complete(em: EntityManager, callbackUrl: string, currentUserId: string | null): Promise<CallbackOutcome> {
    return this.flow.complete(em, callbackUrl, currentUserId);
  }

  test(scope: RequestScope, code: string): Promise<TokenTestResultView> {
    return this.tester.test(scope, code);
  }

  /**
   * Refreshes one connection now through the single flight (coalesced with any concurrent
   * refresh of it, in this process and across instances).
   */
  refresh(scope: RequestScope, code: string, known?: Connection): Promise<AuthorizationView> {
    return this.refreshes.refresh(scope, code, known);
  }

  /** A manual refresh's token set stored on a background retry after its write failed: audit and publish it now. */
  storedOnRetry(em: EntityManager, connectionId: string): Promise<void> {
    return this.refreshes.storedOnRetry(em, connectionId);
  }

  /** The refresher's entry: refresh one due authorization; never throws. */
  refreshScheduled(em: EntityManager, connectionId: string): Promise<ScheduledRefreshResult> {
    return this.refreshes.refreshScheduled(em, connectionId);
  }

  /**
   * The refresher's entry for a row its due query leased: refresh it, write in a group commit;
   * never throws. The lease is released by a successful write; otherwise the caller releases it.
   */
  refreshClaimed(db: ClaimedDatabase, claimed: ClaimedAuthorization, answered?: () => void): Promise<ScheduledRefreshResult> {
    return this.claimed.refresh(db, claimed, answered);
  }

  revoke(scope: RequestScope, code: string): Promise<AuthorizationView> {
    return this.revocation.revoke(scope, code);
  }

  /** Used when a connection is deleted: revoke, drop its authorization and pending flows, publish. */
  removeForDeletedConnection(connection: Connection): Promise<string> {
    return this.revocation.removeForDeletedConnection(connection);
  }
}

export type { AuthorizationDomainDeps as AuthorizationServiceDeps, AuthorizationStore } from './authorization/deps.js';
export type { CallbackOutcome } from './authorization/flow.js';
export type { ClaimedAuthorization, ClaimedDatabase } from './authorization/claimed.js';
export { REFRESH_COALESCE_WINDOW_MS, TEST_TOKEN_SKEW_SECONDS } from './authorization/policy.js';
export type { ScheduledRefreshOutcome, ScheduledRefreshResult } from './authorization/refresh.js';
export type { TokenTestResultView } from './authorization/token-test.js';
export { toAuthorizationView } from './authorization/view.js';
