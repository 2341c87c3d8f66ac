import type { ProviderTemplate } from '../types.js';

/**
 * Slack (OAuth v2 for Slack apps with granular permissions).
 *
 * Verified (docs.slack.dev "oauth.v2.access", "Using token rotation", "oauth.v2.exchange"):
 * token endpoint `https://slack.com/api/oauth.v2.access`, client credentials preferably by HTTP
 * Basic, `code_verifier` accepted (PKCE); with token rotation enabled access tokens expire every
 * 12 hours and each refresh revokes the refresh token used and returns a new one; without it,
 * tokens never expire and no refresh token is issued; callers must check `ok` in the body
 * (errors come as `{ ok: false, error }`, also with HTTP 200).
 * Not found in the searched material, from general knowledge: the authorize URL
 * `https://slack.com/oauth/v2/authorize` and comma-separated `scope` (user scopes go in
 * `user_scope`). `auth.revoke` is a Web API method, not RFC 7009, so revocation is not configured.
 */
export const slack: ProviderTemplate = {
  id: 'slack',
  name: 'Slack',
  authorizationEndpoint: 'https://slack.com/oauth/v2/authorize',
  tokenEndpoint: 'https://slack.com/api/oauth.v2.access',
  scopes: ['channels:read', 'chat:write'],
  tokenEndpointAuthMethod: 'client_secret_basic',
  parameters: [],
  quirks: {
    scopeSeparator: ',',
    errorInSuccessBody: true,
    rotatesRefreshToken: true,
    notes: [
      'Refresh tokens exist only when "Token Rotation" is enabled in the app settings (access tokens then last 12 hours).',
      'Bot scopes go in scope; user-token scopes in user_scope (add it as an extra parameter).',
    ],
  },
  documentationUrl: 'https://docs.slack.dev/authentication/installing-with-oauth',
};
