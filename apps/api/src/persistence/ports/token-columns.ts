/**
 * An authorization row's token columns: each token a vault envelope bound to `{ workspaceId,
 * connectionId, field }` (`access_token`, `refresh_token`, `id_token`), so a ciphertext moved to
 * another row does not decrypt. Sealed for a write (`encryptTokenColumns`), opened for a read.
 */
import type { RefreshableTokens, TokenSet, TokenVault } from '@grantkeeper/oauth-core';
import type { EntityData } from '@mikro-orm/core';
import type { Authorization } from '../entities/index.js';

export const tokenFields = {
  accessToken: 'access_token',
  refreshToken: 'refresh_token',
  idToken: 'id_token',
} as const;

/** Decrypt the token set of a row; null when none is stored. */
export function decryptTokenSet(row: Authorization, vault: TokenVault): TokenSet | null {
  if (row.accessTokenEnvelope === null) return null;
  const aad = (field: string) => ({ workspaceId: row.workspaceId, connectionId: row.connectionId, field });
  return {
    accessToken: vault.decrypt(row.accessTokenEnvelope, aad(tokenFields.accessToken)),
    tokenType: row.tokenType ?? 'bearer',
    expiresAt: row.tokenExpiresAt,
    refreshToken: row.refreshTokenEnvelope === null ? null : vault.decrypt(row.refreshTokenEnvelope, aad(tokenFields.refreshToken)),
    refreshTokenExpiresAt: row.refreshTokenExpiresAt,
    scopes: [...(row.grantedScopes ?? [])],
    idToken: row.idTokenEnvelope === null ? null : vault.decrypt(row.idTokenEnvelope, aad(tokenFields.idToken)),
    obtainedAt: row.obtainedAt ?? row.updatedAt,
  };
}

/**
 * What a refresh grant needs of a row's token set, with only the refresh token decrypted (a
 * refresh replaces the access token, so decrypting it would be wasted); null when no token set
 * or no refresh token is stored.
 */
export function decryptRefreshableTokens(row: Authorization, vault: TokenVault): RefreshableTokens | null {
  if (row.accessTokenEnvelope === null || row.refreshTokenEnvelope === null) return null;
  const aad = { workspaceId: row.workspaceId, connectionId: row.connectionId, field: tokenFields.refreshToken };
  return {
    refreshToken: vault.decrypt(row.refreshTokenEnvelope, aad),
    refreshTokenExpiresAt: row.refreshTokenExpiresAt,
    scopes: [...(row.grantedScopes ?? [])],
  };
}

/** The token columns for a token set (encrypted), or all cleared for null. */
export function encryptTokenColumns(
  tokens: TokenSet | null,
  key: { workspaceId: string; connectionId: string },
  vault: TokenVault,
): EntityData<Authorization> {
  if (tokens === null) {
    return {
      accessTokenEnvelope: null,
      refreshTokenEnvelope: null,
      idTokenEnvelope: null,
      tokenType: null,
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      grantedScopes: [],
      obtainedAt: null,
    };
  }
  const seal = (value: string | null, field: string) => (value === null || value === '' ? null : vault.encrypt(value, { ...key, field }));
  return {
    accessTokenEnvelope: vault.encrypt(tokens.accessToken, { ...key, field: tokenFields.accessToken }),
    refreshTokenEnvelope: seal(tokens.refreshToken, tokenFields.refreshToken),
    idTokenEnvelope: seal(tokens.idToken, tokenFields.idToken),
    tokenType: tokens.tokenType.toLowerCase().slice(0, 40),
    tokenExpiresAt: tokens.expiresAt,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    grantedScopes: [...tokens.scopes],
    obtainedAt: tokens.obtainedAt,
  };
}
