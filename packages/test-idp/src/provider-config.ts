import type { Configuration, JWK } from 'oidc-provider';
import type { Counters } from './counters.js';
import type { MemoryStore } from './memory-adapter.js';
import { INTERACTION_PREFIX, ROUTES } from './routes.js';
import type { RuntimeState } from './runtime-state.js';

export interface ProviderConfigInput {
  state: RuntimeState;
  store: MemoryStore;
  counters: Counters;
  /** Accepted scopes (oidc-provider drops unknown ones from requests). */
  scopes: string[];
  cookieKeys: string[];
  signingKey: JWK;
}

/**
 * oidc-provider configuration: authorization code + PKCE S256 for every client (RFC 7636),
 * refresh tokens always issued for codes and rotated on use (OAuth 2.0 Security BCP §4.14),
 * revocation (RFC 7009), introspection (RFC 7662), `iss` in responses (RFC 9207, on by default).
 */
export function providerConfiguration(input: ProviderConfigInput): Configuration {
  const { state, store, scopes } = input;
  return {
    adapter: store.adapterFactory(),
    clients: [],
    cookies: { keys: input.cookieKeys },
    jwks: { keys: [input.signingKey] },
    routes: { ...ROUTES },
    scopes,
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email', 'email_verified'],
    },
    findAccount: (_ctx, id) => {
      const account = state.accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: account.id,
        claims: () => ({
          sub: account.id,
          ...(account.name ? { name: account.name } : {}),
          ...(account.email ? { email: account.email, email_verified: true } : {}),
        }),
      };
    },
    pkce: { required: () => true },
    // Every code grant yields a refresh token, with or without offline_access.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: () => false,
    // Rotate on every use, except while the omitRefreshTokenOnRefresh quirk keeps the old one valid.
    rotateRefreshToken: () => !state.quirks.omitRefreshTokenOnRefresh,
    ttl: {
      AccessToken: () => state.accessTokenTtlSeconds,
      ClientCredentials: () => state.accessTokenTtlSeconds,
      RefreshToken: () => state.refreshTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: () => Math.max(state.refreshTokenTtlSeconds, state.accessTokenTtlSeconds, 14 * 24 * 3600),
    },
    interactions: {
      url: (_ctx, interaction) => `${INTERACTION_PREFIX}${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      // A client may revoke or introspect only its own tokens (RFC 7009 §2.1, RFC 7662 §4).
      revocation: { enabled: true, allowedPolicy: ownTokensOnly },
      introspection: { enabled: true, allowedPolicy: ownTokensOnly },
      userinfo: { enabled: true },
      clientCredentials: { enabled: true },
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      const lines = Object.entries(out)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join('\n')
        .replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error</title></head><body><h1>Error</h1><pre>${lines}</pre></body></html>`;
    },
  };
}

/** oidc-provider `allowedPolicy`: the token must have been issued to the calling client. */
async function ownTokensOnly(_ctx: unknown, client: { clientId: string }, token: { clientId?: string | undefined }): Promise<boolean> {
  return token.clientId === client.clientId;
}
