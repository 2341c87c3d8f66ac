/**
 * Tokens of OAUTH2_CLIENT_CREDENTIALS connections: one client_credentials grant at the token
 * endpoint, the token stored encrypted in the database and shared by every instance until 60 s
 * before its expiry (or until the connection's settings change). The fetch is a single flight
 * in the process and across instances (client-credentials-flight.ts). A short in-process cache
 * sits in front of the shared row, dropped in every instance through the `clientCredentialsToken`
 * cache invalidation when the token is replaced (after a 401, or by Test Token) or removed.
 * Every change is published as an `authorizationChanged` event, so the management page and
 * subscribers see it live.
 */
import type { HttpFetch, LeasePort, TokenSet, TokenVault } from '@grantkeeper/oauth-core';
import { randomUUID } from 'node:crypto';
import { publishInvalidation, ReadCache } from '../cache/index.js';
import { authorizationTopic, type EventBus } from '../events/index.js';
import type { Connection } from '../persistence/entities/index.js';
import type { ClientCredentialsTokenRecord } from '../persistence/ports/index.js';
import { notAuthorizedView, type AuthorizationView } from '../views/authorization-view.js';
import { obtainSharedToken, type ClientCredentialsStore, type SharedToken } from './client-credentials-flight.js';
import type { ClientCredentialsSource } from './outbound-credentials.js';

/** A cached token expiring within this long is replaced before use. */
export const CLIENT_CREDENTIALS_MARGIN_MS = 60_000;

export interface ClientCredentialsTokensDeps {
  vault: TokenVault;
  /** The shared rows (OrmClientCredentialsStore) and the lease over them. */
  store: ClientCredentialsStore & { record(connectionId: string): Promise<ClientCredentialsTokenRecord | null> };
  lease: LeasePort;
  bus: EventBus;
  fetch?: HttpFetch | undefined;
  now?: () => number;
  /** Lease owner id of this instance (default random). */
  ownerId?: string | undefined;
  /** The in-process cache's safety net when an invalidation is lost (default 10 s). */
  cacheTtlMs?: number | undefined;
}

/** What the management page may show of the shared token (never the token itself). */
export interface ClientCredentialsTokenView {
  cached: boolean;
  obtainedAt: Date | null;
  expiresAt: Date | null;
  scopes: string[];
}

const NONE: ClientCredentialsTokenView = { cached: false, obtainedAt: null, expiresAt: null, scopes: [] };

/** The `authorizationChanged` payload of a client credentials token (no token in it). */
function viewOf(code: string, tokens: TokenSet | null): AuthorizationView {
  if (tokens === null) return notAuthorizedView(code);
  return {
    ...notAuthorizedView(code),
    status: 'AUTHORIZED',
    tokenExpiresAt: tokens.expiresAt,
    lastRefreshedAt: tokens.obtainedAt,
    grantedScopes: [...tokens.scopes],
    hasAccessToken: true,
  };
}

export class ClientCredentialsTokens implements ClientCredentialsSource {
  /** connection id -> the shared token as last read or written here. */
  readonly #cache: ReadCache<SharedToken>;
  readonly #inflight = new Map<string, Promise<TokenSet>>();
  readonly #now: () => number;
  readonly #ownerId: string;

  constructor(private readonly deps: ClientCredentialsTokensDeps) {
    this.#now = deps.now ?? Date.now;
    this.#ownerId = `${deps.ownerId ?? randomUUID()}:cc`;
    this.#cache = new ReadCache({
      name: 'clientCredentialsToken',
      bus: deps.bus,
      max: 10_000,
      ttlMs: deps.cacheTtlMs ?? 10_000,
      now: this.#now,
    });
  }

  close(): void {
    this.#cache.close();
  }

  #fresh(expiresAt: Date | null): boolean {
    return (expiresAt?.getTime() ?? Infinity) - this.#now() > CLIENT_CREDENTIALS_MARGIN_MS;
  }

  /** @param options.force the token in use was refused (401), or Test Token: get a new one. */
  token(connection: Connection, options: { force: boolean }): Promise<TokenSet> {
    const cached = this.#cache.get(connection.id);
    const matches = cached?.settingsAt === connection.updatedAt.getTime();
    if (!options.force && matches && this.#fresh(cached!.tokens.expiresAt)) return Promise.resolve(cached!.tokens);
    const pending = this.#inflight.get(connection.id);
    if (pending) return pending;
    // After a 401 the token this instance handed out is the one to replace; a newer stored one will do.
    const replace = !options.force ? null : matches && cached!.version !== null ? cached!.version : 'stored';
    const request = this.#obtain(connection, replace).finally(() => this.#inflight.delete(connection.id));
    this.#inflight.set(connection.id, request);
    return request;
  }

  async #obtain(connection: Connection, replace: number | 'stored' | null): Promise<TokenSet> {
    const shared = await obtainSharedToken(
      { ...this.deps, ownerId: this.#ownerId, now: this.#now, marginMs: CLIENT_CREDENTIALS_MARGIN_MS },
      connection,
      replace,
    );
    if (shared.fetched && shared.version !== null) await this.#published(connection, shared.tokens);
    if (shared.version !== null) this.#cache.set(connection.id, shared);
    return shared.tokens;
  }

  /** Tell every instance (caches) and every subscriber (the management page) of a new token. */
  async #published(connection: Pick<Connection, 'id' | 'workspaceId' | 'code'>, tokens: TokenSet | null): Promise<void> {
    await publishInvalidation(this.deps.bus, 'clientCredentialsToken', connection.id);
    await this.deps.bus.publish(authorizationTopic(connection.workspaceId), {
      workspaceId: connection.workspaceId,
      connectionCode: connection.code,
      authorization: viewOf(connection.code, tokens),
    });
  }

  /**
   * The state of the shared token of a connection, as stored: none when never fetched, after
   * its settings changed, or once it is within the margin of its expiry (the next use fetches one).
   */
  async state(connection: Pick<Connection, 'id' | 'updatedAt'>): Promise<ClientCredentialsTokenView> {
    const row = await this.deps.store.record(connection.id);
    if (!row?.hasToken || row.settingsAt?.getTime() !== connection.updatedAt.getTime() || !this.#fresh(row.expiresAt)) return NONE;
    return { cached: true, obtainedAt: row.obtainedAt, expiresAt: row.expiresAt, scopes: row.scopes };
  }

  /** Drop a connection's token everywhere (its settings changed, or it is being deleted). */
  async forget(connection: Pick<Connection, 'id' | 'workspaceId' | 'code'>): Promise<void> {
    if ((await this.deps.store.remove(connection.id)) === 0) return;
    await this.#published(connection, null);
  }
}
