import type { ProviderTemplate } from '../types.js';
import { DAY } from './durations.js';

/**
 * GitHub: OAuth Apps, and user access tokens of GitHub Apps.
 *
 * Verified (docs.github.com "Refreshing user access tokens", "Troubleshooting OAuth app access
 * token request errors"): `github.com/login/oauth/authorize` and `/access_token`; GitHub App
 * user tokens expire after 8 hours with a refresh token valid 6 months, and using a refresh
 * token invalidates it and the old access token (rotation); the response format follows the
 * `Accept` header and errors come as `{ error, error_description }`.
 * Not found on those pages: that token errors come with HTTP 200 (widely observed; handled by
 * the quirk either way). GitHub has no RFC 7009 endpoint (`DELETE /applications/{client_id}/grant`
 * is a REST call with basic auth), so revocation is not configured.
 */
const endpoints = {
  authorizationEndpoint: 'https://github.com/login/oauth/authorize',
  tokenEndpoint: 'https://github.com/login/oauth/access_token',
  tokenEndpointAuthMethod: 'client_secret_post',
  parameters: [],
} as const satisfies Partial<ProviderTemplate>;

export const githubOAuthApp: ProviderTemplate = {
  id: 'github-oauth-app',
  name: 'GitHub (OAuth App)',
  ...endpoints,
  scopes: ['read:user'],
  quirks: {
    errorInSuccessBody: true,
    notes: ['OAuth App tokens do not expire unless the app opted in to token expiration; then they behave like GitHub App user tokens.'],
  },
  documentationUrl: 'https://docs.github.com/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
};

export const githubApp: ProviderTemplate = {
  id: 'github-app',
  name: 'GitHub (GitHub App user tokens)',
  ...endpoints,
  scopes: [],
  quirks: {
    errorInSuccessBody: true,
    rotatesRefreshToken: true,
    notes: [
      'Permissions come from the GitHub App settings, not from scopes.',
      'Enable "Expire user authorization tokens" to receive refresh tokens (8 h access, 6 months refresh).',
    ],
  },
  refreshTokenPolicy: { idleExpiresAfterSeconds: 184 * DAY },
  documentationUrl: 'https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens',
};
