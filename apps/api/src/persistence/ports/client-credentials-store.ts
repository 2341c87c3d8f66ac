/**
 * The shared tokens of OAUTH2_CLIENT_CREDENTIALS connections (`client_credentials_tokens`, one
 * row per connection, resource = the connection id). Reads decrypt the token; writes encrypt it
 * and are a compare-and-swap on `version` (the affected-row count decides), like the
 * authorization state port. The envelope is bound to `{ workspaceId, connectionId, field }`
 * with its own field name, so it cannot pass for an authorization's access token.
 */
import type { TokenSet, TokenVault } from '@grantkeeper/oauth-core';
import { ClientCredentialsToken, newId } from '../entities/index.js';
import type { Orm } from '../orm.js';

export const CLIENT_CREDENTIALS_TOKEN_FIELD = 'client_credentials_access_token';

/** A stored row; `tokens` null when none is stored. */
export interface StoredClientCredentialsToken {
  version: number;
  /** The connection's `updatedAt` the token was fetched with. */
  settingsAt: Date | null;
  tokens: TokenSet | null;
}

/** What the management page shows of a row, read without decrypting the token. */
export interface ClientCredentialsTokenRecord {
  version: number;
  settingsAt: Date | null;
  hasToken: boolean;
  obtainedAt: Date | null;
  expiresAt: Date | null;
  scopes: string[];
}

export class OrmClientCredentialsStore {
  constructor(
    private readonly orm: Orm,
    private readonly vault: TokenVault,
  ) {}

  private find(connectionId: string): Promise<ClientCredentialsToken | null> {
    return this.orm.em.fork().findOne(ClientCredentialsToken, { connectionId });
  }

  async read(connectionId: string): Promise<StoredClientCredentialsToken | null> {
    const row = await this.find(connectionId);
    if (row === null) return null;
    const tokens: TokenSet | null =
      row.accessTokenEnvelope === null
        ? null
        : {
            accessToken: this.vault.decrypt(row.accessTokenEnvelope, {
              workspaceId: row.workspaceId,
              connectionId,
              field: CLIENT_CREDENTIALS_TOKEN_FIELD,
            }),
            tokenType: row.tokenType ?? 'bearer',
            expiresAt: row.tokenExpiresAt,
            refreshToken: null,
            refreshTokenExpiresAt: null,
            scopes: [...(row.grantedScopes ?? [])],
            idToken: null,
            obtainedAt: row.obtainedAt ?? row.updatedAt,
          };
    return { version: row.version, settingsAt: row.settingsAt, tokens };
  }

  async record(connectionId: string): Promise<ClientCredentialsTokenRecord | null> {
    const row = await this.find(connectionId);
    if (row === null) return null;
    return {
      version: row.version,
      settingsAt: row.settingsAt,
      hasToken: row.accessTokenEnvelope !== null,
      obtainedAt: row.obtainedAt,
      expiresAt: row.tokenExpiresAt,
      scopes: [...(row.grantedScopes ?? [])],
    };
  }

  /** Make the connection's row (no token yet) unless it exists; safe in parallel. */
  async ensure(workspaceId: string, connectionId: string): Promise<void> {
    const now = new Date();
    await this.orm.em
      .fork()
      .upsert(
        ClientCredentialsToken,
        { id: newId(), workspaceId, connectionId, grantedScopes: [], version: 0, createdAt: now, updatedAt: now },
        { onConflictFields: ['connectionId'], onConflictAction: 'ignore' },
      );
  }

  /** Store `tokens` (null: clear) if the row is still at `expectedVersion`; the version moves on. */
  async compareAndSwap(
    key: { workspaceId: string; connectionId: string },
    expectedVersion: number,
    tokens: TokenSet | null,
    settingsAt: Date | null,
  ): Promise<boolean> {
    const changed = await this.orm.em.fork().nativeUpdate(
      ClientCredentialsToken,
      { connectionId: key.connectionId, version: expectedVersion },
      {
        accessTokenEnvelope:
          tokens === null ? null : this.vault.encrypt(tokens.accessToken, { ...key, field: CLIENT_CREDENTIALS_TOKEN_FIELD }),
        tokenType: tokens === null ? null : tokens.tokenType.toLowerCase().slice(0, 40),
        tokenExpiresAt: tokens?.expiresAt ?? null,
        grantedScopes: tokens === null ? [] : [...tokens.scopes],
        obtainedAt: tokens?.obtainedAt ?? null,
        settingsAt,
        version: expectedVersion + 1,
        updatedAt: new Date(),
      },
    );
    return changed === 1;
  }

  /** Delete the row (its connection is being deleted). */
  remove(connectionId: string): Promise<number> {
    return this.orm.em.fork().nativeDelete(ClientCredentialsToken, { connectionId });
  }
}
