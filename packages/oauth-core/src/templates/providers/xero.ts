import type { ProviderTemplate } from '../types.js';
import { DAY, MINUTE } from './durations.js';

/**
 * Xero.
 *
 * Verified (developer.xero.com/faq/oauth2 and Xero staff on community.xero.com): authorize
 * `https://login.xero.com/identity/connect/authorize`, token `https://identity.xero.com/connect/token`
 * with HTTP Basic client authentication; `offline_access` for a refresh token; access tokens
 * last 30 minutes; every refresh returns a new refresh token, and the previous one may be
 * retried for a 30-minute grace period; unused refresh tokens expire after 60 days; PKCE is
 * supported.
 * Not found in the searched material, from general knowledge: the RFC 7009 endpoint
 * `https://identity.xero.com/connect/revocation` and issuer `https://identity.xero.com`.
 */
export const xero: ProviderTemplate = {
  id: 'xero',
  name: 'Xero',
  issuer: 'https://identity.xero.com',
  authorizationEndpoint: 'https://login.xero.com/identity/connect/authorize',
  tokenEndpoint: 'https://identity.xero.com/connect/token',
  revocationEndpoint: 'https://identity.xero.com/connect/revocation',
  scopes: ['openid', 'profile', 'email', 'offline_access', 'accounting.settings.read'],
  tokenEndpointAuthMethod: 'client_secret_basic',
  parameters: [],
  quirks: {
    rotatesRefreshToken: true,
    notes: [
      'Request offline_access to receive a refresh token.',
      'The previous refresh token stays usable for 30 minutes after a refresh (retry window).',
      'API calls need the Xero-Tenant-Id header (from GET https://api.xero.com/connections).',
    ],
  },
  refreshTokenPolicy: { idleExpiresAfterSeconds: 60 * DAY, reuseGraceSeconds: 30 * MINUTE },
  documentationUrl: 'https://developer.xero.com/documentation/guides/oauth2/auth-flow',
};
