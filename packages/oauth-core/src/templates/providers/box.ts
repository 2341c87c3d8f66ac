import type { ProviderTemplate } from '../types.js';
import { DAY } from './durations.js';

/**
 * Box.
 *
 * Verified (developer.box.com "Refresh a token" and "Access Tokens"; box-open-sdk endpoint list):
 * token endpoint `https://api.box.com/oauth2/token`, revocation `https://api.box.com/oauth2/revoke`;
 * access tokens last about an hour; a refresh token is valid 60 days and can be used once:
 * each refresh returns a new one.
 * Not found in the searched material, from general knowledge: the authorize URL
 * `https://account.box.com/api/oauth2/authorize` and client credentials in the form body.
 */
export const box: ProviderTemplate = {
  id: 'box',
  name: 'Box',
  authorizationEndpoint: 'https://account.box.com/api/oauth2/authorize',
  tokenEndpoint: 'https://api.box.com/oauth2/token',
  revocationEndpoint: 'https://api.box.com/oauth2/revoke',
  scopes: ['root_readonly'],
  tokenEndpointAuthMethod: 'client_secret_post',
  parameters: [],
  quirks: {
    rotatesRefreshToken: true,
    notes: ['Refresh tokens are single use and expire after 60 days unused.'],
  },
  refreshTokenPolicy: { idleExpiresAfterSeconds: 60 * DAY },
  documentationUrl: 'https://developer.box.com/guides/authentication/oauth2/',
};
