/**
 * What the parts of the authorization domain (flow, refresh, revoke, outcomes) are built from,
 * and the lookups they share.
 */
import { connectionCodePattern } from '@grantkeeper/schema';
import type {
  AuthorizationStatePort,
  AuthorizationStateUpdate,
  Clock,
  HttpFetch,
  PendingFlowStore,
  RefreshCoordinator,
  TokenSet,
  TokenVault,
} from '@grantkeeper/oauth-core';
import type { Logger } from 'pino';
import type { EventBus } from '../../events/index.js';
import { Connection } from '../../persistence/entities/index.js';
import type { AuthorizationStateExtras, RefreshFailureRecord, RefreshSchedule } from '../../persistence/ports/index.js';
import type { AuditService } from '../audit-service.js';
import type { AuthorizationCache } from '../authorization-cache.js';
import { badInput, notFound } from '../errors.js';
import type { RequestScope } from '../types.js';

/**
 * The one versioned adapter over `authorizations`: every write of the domain goes through it
 * (the token state by compare-and-swap, the refresh bookkeeping by small named operations).
 */
export interface AuthorizationStore extends AuthorizationStatePort {
  compareAndSwap(
    resource: string,
    expectedVersion: number,
    update: AuthorizationStateUpdate,
    extras?: AuthorizationStateExtras,
  ): Promise<boolean>;
  schedule(resource: string): Promise<RefreshSchedule | null>;
  /** When the refresher should next refresh after this update; null: not scheduled. */
  nextRefreshAt(update: Pick<AuthorizationStateUpdate, 'status' | 'tokens'>): Date | null;
  unschedule(resource: string, expectedVersion: number): Promise<boolean>;
  recordRefreshFailure(resource: string, expectedVersion: number, failure: RefreshFailureRecord): Promise<boolean>;
  remove(resource: string): Promise<number>;
}

/** Pending flows, plus the clean-up when a connection is deleted. */
export interface FlowStore extends PendingFlowStore {
  deleteForConnection(connectionId: string): Promise<number>;
}

export interface AuthorizationDomainDeps {
  vault: TokenVault;
  audit: AuditService;
  cache: AuthorizationCache;
  bus: EventBus;
  coordinator: RefreshCoordinator;
  flows: FlowStore;
  state: AuthorizationStore;
  redirectUri: string;
  logger: Logger;
  clock: Clock;
  fetch?: HttpFetch | undefined;
  /** Uniform in [0, 1) for the retry jitter; defaults to `Math.random`. */
  random?: (() => number) | undefined;
  /** Tokens of OAUTH2_CLIENT_CREDENTIALS connections (the outbound cache), for Test Token. */
  clientCredentials?: { token(connection: Connection, options: { force: boolean }): Promise<TokenSet> } | undefined;
}

export const formatUtc = (date: Date): string => `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** The connection of `code` in the scope's workspace; BAD_USER_INPUT unless of one of the `allowed` types. */
export async function connectionOf(
  scope: RequestScope,
  code: string,
  allowed: readonly Connection['authenticationType'][] = ['OAUTH2_AUTHORIZATION_CODE'],
): Promise<Connection> {
  const connection = connectionCodePattern.test(code) ? await scope.em.findOne(Connection, { workspaceId: scope.workspaceId, code }) : null;
  if (!connection) throw notFound(`No connection with code ${code} in this workspace.`);
  if (!allowed.includes(connection.authenticationType)) {
    throw badInput(`Connection ${code} uses ${connection.authenticationType}; this applies only to ${allowed.join(' and ')} connections.`);
  }
  return connection;
}
