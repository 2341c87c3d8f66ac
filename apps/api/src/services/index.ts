import { RefreshCoordinator, systemClock, type Clock, type HttpFetch, type LeasePort, type TokenVault } from '@grantkeeper/oauth-core';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { EventBus } from '../events/index.js';
import type { WebhookService } from '../webhooks/webhook-service.js';
import { AuditService, type AuditEntry, type AuditOutbox } from './audit-service.js';
import { AuthorizationCache } from './authorization-cache.js';
import { AuthorizationService, type AuthorizationStore } from './authorization-service.js';
import type { FlowStore } from './authorization/deps.js';
import { ConnectionService } from './connection-service.js';
import { ClientCredentialsTokens, type ClientCredentialsTokensDeps } from './client-credentials-tokens.js';
import { OutboundCredentials } from './outbound-credentials.js';
import { logUnwritten } from './unwritten-log.js';

export { AuditService, type AuditEventView, type AuditOutbox } from './audit-service.js';
export { AuthorizationCache } from './authorization-cache.js';
export {
  AuthorizationService,
  type AuthorizationStore,
  TEST_TOKEN_SKEW_SECONDS,
  toAuthorizationView,
  type CallbackOutcome,
  type ClaimedAuthorization,
  type ClaimedDatabase,
  type ScheduledRefreshOutcome,
  type ScheduledRefreshResult,
  type TokenTestResultView,
} from './authorization-service.js';
export { notAuthorizedView, type AuthorizationView } from '../views/authorization-view.js';
export { ConnectionService } from './connection-service.js';
export {
  OutboundCredentials,
  USE_REFRESH_MARGIN_MS,
  type ClientCredentialsSource,
  type OutboundCredential,
} from './outbound-credentials.js';
export { ClientCredentialsTokens, type ClientCredentialsTokenView } from './client-credentials-tokens.js';
export type { ConnectionView, OAuth2SettingsView } from './connection-view.js';
export { ServiceError, type PublicErrorCode } from './errors.js';
export { issueAccessToken, type AccessTokenView } from './token-access.js';
export { systemActor, type Actor, type RequestScope } from './types.js';
export { logUnwritten } from './unwritten-log.js';

export interface OutboundSettings {
  dispatcher: Dispatcher;
  timeoutMs: number;
}

export interface ServicesDeps {
  vault: TokenVault;
  bus: EventBus;
  logger: Logger;
  /** The PLATFORM port adapters (resource string = connection id). */
  ports: {
    flows: FlowStore;
    lease: LeasePort;
    state: AuthorizationStore;
    /** The shared OAUTH2_CLIENT_CREDENTIALS tokens and the lease of their fetch. */
    clientCredentials: { store: ClientCredentialsTokensDeps['store']; lease: LeasePort };
  };
  /** PUBLIC_URL + "/oauth/callback". */
  redirectUri: string;
  /** For the provider calls (tests may pass their own). */
  fetch?: HttpFetch | undefined;
  /** Lease owner id prefix of this instance (default random). */
  instanceId?: string | undefined;
  /** The outbound dispatcher (address policy) and PROXY_TIMEOUT_MS, for sendTestRequest. */
  outbound?: OutboundSettings | undefined;
  /** Read cache TTL, a safety net behind event-bus invalidation (default 60 s). */
  cacheTtlMs?: number | undefined;
  /** The domain's clock (due checks, backoff, audit times of refreshes); default the system's. */
  clock?: Clock | undefined;
  /**
   * For work no request starts: a manual refresh's token set stored on a background retry is
   * audited and published through it. Without it that is only logged.
   */
  em?: EntityManager | undefined;
  /** Webhook deliveries staged with each audit event (the transactional outbox). */
  auditOutbox?: AuditOutbox | undefined;
  /** Told of each committed audit event (metrics). */
  auditObserver?: ((entry: AuditEntry, at: Date) => void) | undefined;
  /** The workspace's webhooks (GraphQL); null when not wired. */
  webhooks?: WebhookService | undefined;
}

export interface Services {
  connections: ConnectionService;
  authorizations: AuthorizationService;
  audit: AuditService;
  cache: AuthorizationCache;
  coordinator: RefreshCoordinator;
  webhooks: WebhookService | null;
  /** The credentials outbound calls carry (the proxy, accessToken, sendTestRequest). */
  outboundCredentials: OutboundCredentials;
  /** The shared OAUTH2_CLIENT_CREDENTIALS tokens (their state for the console). */
  clientCredentials: ClientCredentialsTokens;
  outbound: OutboundSettings | null;
  bus: EventBus;
  redirectUri: string;
  close(): void;
}

/** The shared OAUTH2_CLIENT_CREDENTIALS tokens, fetched under leases owned by this instance. */
function sharedClientCredentials(deps: ServicesDeps, ownerId: string): ClientCredentialsTokens {
  const { store, lease } = deps.ports.clientCredentials;
  return new ClientCredentialsTokens({ vault: deps.vault, fetch: deps.fetch, bus: deps.bus, store, lease, ownerId });
}

/**
 * The single flight of manual refreshes. A token set it keeps after a failed write is logged at
 * each step; once stored, `stored` is told (to audit and publish it).
 */
function createCoordinator(deps: ServicesDeps, clock: Clock, stored: (connectionId: string) => void): RefreshCoordinator {
  return new RefreshCoordinator({
    lease: deps.ports.lease,
    state: deps.ports.state,
    clock,
    ...(deps.instanceId ? { ownerId: deps.instanceId } : {}),
    onUnwritten: (event) => {
      logUnwritten(deps.logger, event);
      if (event.outcome === 'written') stored(event.resource);
    },
  });
}

/** Builds the domain services of one API instance (one coordinator, one read cache). */
export function createServices(deps: ServicesDeps): Services {
  const clock = deps.clock ?? systemClock;
  const audit = new AuditService(deps.auditOutbox ?? null, deps.auditObserver ?? null);
  const cache = new AuthorizationCache({ bus: deps.bus, ...(deps.cacheTtlMs ? { ttlMs: deps.cacheTtlMs } : {}) });
  // Called back later (a kept token set stored), when `authorizations`, which needs the coordinator, exists.
  const coordinator = createCoordinator(deps, clock, (connectionId) => storedOnRetry(connectionId));
  const storedOnRetry = (connectionId: string) => {
    if (!deps.em) return;
    authorizations.storedOnRetry(deps.em, connectionId).catch((error: unknown) => {
      deps.logger.error({ err: error, connectionId }, 'publishing tokens stored on a background retry failed');
    });
  };
  const clientCredentials = sharedClientCredentials(deps, coordinator.ownerId);
  const authorizations = new AuthorizationService({
    vault: deps.vault,
    audit,
    cache,
    bus: deps.bus,
    coordinator,
    flows: deps.ports.flows,
    state: deps.ports.state,
    redirectUri: deps.redirectUri,
    logger: deps.logger,
    clock,
    fetch: deps.fetch,
    clientCredentials,
  });
  const { vault, redirectUri, fetch, bus } = deps;
  const connections = new ConnectionService({ vault, audit, authorizations, redirectUri, fetch, bus, clientCredentials });
  const outboundCredentials = new OutboundCredentials({
    vault: deps.vault,
    state: deps.ports.state,
    authorizations,
    clientCredentials,
    bus: deps.bus,
    cacheTtlMs: deps.cacheTtlMs,
  });
  return {
    connections,
    authorizations,
    outboundCredentials,
    clientCredentials,
    outbound: deps.outbound ?? null,
    audit,
    cache,
    coordinator,
    webhooks: deps.webhooks ?? null,
    bus: deps.bus,
    redirectUri: deps.redirectUri,
    close: () => {
      cache.close();
      outboundCredentials.close();
      clientCredentials.close();
    },
  };
}
