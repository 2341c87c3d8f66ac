import type { ProviderTemplate } from '../types.js';
import { DAY, MINUTE } from './durations.js';

/**
 * Atlassian Cloud (OAuth 2.0 3LO for Jira, Confluence and other Cloud products).
 *
 * Verified (developer.atlassian.com "OAuth 2.0 (3LO) apps"; Atlassian staff posts on
 * community.developer.atlassian.com "Deprecating persistent refresh tokens"; Backstage and
 * jira.js guides): `offline_access` returns a refresh token; `audience=api.atlassian.com`;
 * token endpoint `https://auth.atlassian.com/oauth/token`; refresh tokens rotate on every use,
 * reuse outside a 10-minute leeway invalidates all of them, 90-day inactivity expiry and a
 * 365-day absolute expiry; access tokens last one hour.
 * Not found in the searched material, from general knowledge: the authorize URL
 * `https://auth.atlassian.com/authorize` and `prompt=consent`. No RFC 7009 endpoint is
 * documented: not configured.
 */
export const atlassian: ProviderTemplate = {
  id: 'atlassian',
  name: 'Atlassian (Jira, Confluence Cloud)',
  authorizationEndpoint: 'https://auth.atlassian.com/authorize',
  tokenEndpoint: 'https://auth.atlassian.com/oauth/token',
  scopes: ['read:me', 'read:jira-work', 'offline_access'],
  tokenEndpointAuthMethod: 'client_secret_post',
  extraAuthorizationParams: { audience: 'api.atlassian.com', prompt: 'consent' },
  parameters: [],
  quirks: {
    rotatesRefreshToken: true,
    offlineAccessParams: { audience: 'api.atlassian.com', prompt: 'consent' },
    notes: [
      'Request offline_access to receive a refresh token.',
      'Reusing a rotated refresh token after the 10-minute leeway revokes every token of the grant.',
      'Call the APIs through https://api.atlassian.com/ex/{product}/{cloudId}/… (cloudId from accessible-resources).',
    ],
  },
  refreshTokenPolicy: {
    idleExpiresAfterSeconds: 90 * DAY,
    absoluteExpiresAfterSeconds: 365 * DAY,
    reuseGraceSeconds: 10 * MINUTE,
  },
  documentationUrl: 'https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/',
};
