/**
 * Tokens of OAUTH2_CLIENT_CREDENTIALS connections: one client_credentials grant at the token
 * endpoint, the token cached in this instance and shared by every caller until 60 s before its
 * expiry (or until the connection's settings change); concurrent callers share one request.
 * After a 401 (`force`) a new token is fetched, again shared by concurrent callers.
 */
import { requestClientCredentialsToken, type HttpFetch, type TokenSet, type TokenVault } from '@grantkeeper/oauth-core';
import type { Connection } from '../persistence/entities/index.js';
import type { ClientCredentialsSource } from './outbound-credentials.js';
import { providerConfigOf } from './provider-config.js';

/** A cached token expiring within this long is replaced before use. */
export const CLIENT_CREDENTIALS_MARGIN_MS = 60_000;

export interface ClientCredentialsTokensDeps {
  vault: TokenVault;
  fetch?: HttpFetch | undefined;
  now?: () => number;
}

/** What the management page may show of a cached token (never the token itself). */
export interface ClientCredentialsTokenView {
  cached: boolean;
  obtainedAt: Date | null;
  expiresAt: Date | null;
  scopes: string[];
}

export class ClientCredentialsTokens implements ClientCredentialsSource {
  readonly #cached = new Map<string, { version: number; tokens: TokenSet }>();
  readonly #inflight = new Map<string, Promise<TokenSet>>();

  constructor(private readonly deps: ClientCredentialsTokensDeps) {}

  token(connection: Connection, options: { force: boolean }): Promise<TokenSet> {
    const version = connection.updatedAt.getTime();
    const cached = this.#cached.get(connection.id);
    const now = (this.deps.now ?? Date.now)();
    const fresh = cached?.version === version && (cached.tokens.expiresAt?.getTime() ?? Infinity) - now > CLIENT_CREDENTIALS_MARGIN_MS;
    if (fresh && !options.force) return Promise.resolve(cached!.tokens);
    const pending = this.#inflight.get(connection.id);
    if (pending) return pending;
    const request = requestClientCredentialsToken({ provider: providerConfigOf(connection, this.deps.vault), fetch: this.deps.fetch })
      .then((tokens) => {
        this.#cached.set(connection.id, { version, tokens });
        return tokens;
      })
      .finally(() => this.#inflight.delete(connection.id));
    this.#inflight.set(connection.id, request);
    return request;
  }

  /**
   * The state of this instance's cached token of a connection: none when never fetched, after
   * its settings changed, or once it is within the margin of its expiry (the next use fetches one).
   */
  state(connection: Pick<Connection, 'id' | 'updatedAt'>): ClientCredentialsTokenView {
    const cached = this.#cached.get(connection.id);
    const now = (this.deps.now ?? Date.now)();
    const usable =
      cached?.version === connection.updatedAt.getTime() &&
      (cached.tokens.expiresAt?.getTime() ?? Infinity) - now > CLIENT_CREDENTIALS_MARGIN_MS;
    if (!usable) return { cached: false, obtainedAt: null, expiresAt: null, scopes: [] };
    const { obtainedAt, expiresAt, scopes } = cached.tokens;
    return { cached: true, obtainedAt, expiresAt, scopes: [...scopes] };
  }

  /** Forget a connection's token (e.g. after it was deleted or its settings changed). */
  forget(connectionId: string): void {
    this.#cached.delete(connectionId);
  }
}
