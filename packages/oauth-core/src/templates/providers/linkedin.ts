import type { ProviderTemplate } from '../types.js';
import { DAY } from './durations.js';

/**
 * LinkedIn.
 *
 * Verified (learn.microsoft.com/linkedin "Programmatic refresh tokens"; nango.dev and kestra.io
 * for the token URL): token endpoint `https://www.linkedin.com/oauth/v2/accessToken`; refresh
 * tokens only for approved Marketing Developer Platform partners; access tokens last 60 days,
 * refresh tokens 365 days from the first authorization, not extended by refreshing.
 * Not found in the searched material, from general knowledge: the authorization URL
 * `https://www.linkedin.com/oauth/v2/authorization`, revocation `…/oauth/v2/revoke`, and that
 * the client credentials go in the form body.
 */
export const linkedin: ProviderTemplate = {
  id: 'linkedin',
  name: 'LinkedIn',
  authorizationEndpoint: 'https://www.linkedin.com/oauth/v2/authorization',
  tokenEndpoint: 'https://www.linkedin.com/oauth/v2/accessToken',
  revocationEndpoint: 'https://www.linkedin.com/oauth/v2/revoke',
  scopes: ['openid', 'profile', 'email'],
  tokenEndpointAuthMethod: 'client_secret_post',
  parameters: [],
  quirks: {
    notes: [
      'Refresh tokens are issued only to apps approved for programmatic refresh tokens.',
      'The refresh token keeps its original 365-day lifetime; members must re-authorize after it.',
    ],
  },
  refreshTokenPolicy: { absoluteExpiresAfterSeconds: 365 * DAY },
  documentationUrl: 'https://learn.microsoft.com/linkedin/shared/authentication/programmatic-refresh-tokens',
};
