import type { ProviderTemplate } from '../types.js';

/**
 * Dropbox.
 *
 * Verified (dropbox.tech "Using OAuth 2.0 with offline access", Dropbox SDK docs,
 * Shopify/react-native-app-auth Dropbox example): authorize `https://www.dropbox.com/oauth2/authorize`;
 * access tokens are short-lived (about 4 hours); `token_access_type=offline` is required for a
 * refresh token; the refresh token is long-lived and is not replaced on refresh.
 * Not found in the searched material, from general knowledge: the API token host
 * `https://api.dropboxapi.com/oauth2/token` (www.dropbox.com/oauth2/token also answers).
 * `/2/auth/token/revoke` takes the access token as a bearer token (not RFC 7009): not configured.
 */
export const dropbox: ProviderTemplate = {
  id: 'dropbox',
  name: 'Dropbox',
  authorizationEndpoint: 'https://www.dropbox.com/oauth2/authorize',
  tokenEndpoint: 'https://api.dropboxapi.com/oauth2/token',
  scopes: ['account_info.read'],
  tokenEndpointAuthMethod: 'client_secret_basic',
  extraAuthorizationParams: { token_access_type: 'offline' },
  parameters: [],
  quirks: {
    keepsRefreshToken: true,
    offlineAccessParams: { token_access_type: 'offline' },
    notes: [
      'Without token_access_type=offline Dropbox issues only a short-lived access token.',
      'Refresh tokens are not rotated: refresh responses carry no new refresh token.',
    ],
  },
  documentationUrl: 'https://developers.dropbox.com/oauth-guide',
};
