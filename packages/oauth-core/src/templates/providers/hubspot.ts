import type { ProviderTemplate } from '../types.js';

/**
 * HubSpot (public apps).
 *
 * Verified (developers.hubspot.com "OAuth tokens API", "Manage OAuth access tokens using the v3
 * APIs", "post-oauth-v3-token"): install URL `https://app.hubspot.com/oauth/authorize`; token
 * endpoint `https://api.hubapi.com/oauth/v3/token` (v1 `/oauth/v1/token` is deprecated on
 * 16 February 2027) with credentials in the form body; access tokens last 30 minutes; PKCE
 * `code_verifier` accepted; the refresh-token delete API is `DELETE
 * /oauth/v1/refresh-tokens/{token}`, not RFC 7009, so revocation is not configured.
 * Not found: whether refresh tokens rotate (from general knowledge: they do not expire and the
 * same value is returned; the engine keeps whatever comes back). The `oauth` scope is required
 * for every app (general knowledge).
 */
export const hubspot: ProviderTemplate = {
  id: 'hubspot',
  name: 'HubSpot',
  authorizationEndpoint: 'https://app.hubspot.com/oauth/authorize',
  tokenEndpoint: 'https://api.hubapi.com/oauth/v3/token',
  scopes: ['oauth', 'crm.objects.contacts.read'],
  tokenEndpointAuthMethod: 'client_secret_post',
  parameters: [],
  quirks: {
    notes: [
      'Refresh tokens are issued with every installation; no offline parameter is needed.',
      'Revoke by uninstalling the app in HubSpot (no RFC 7009 endpoint).',
    ],
  },
  documentationUrl: 'https://developers.hubspot.com/docs/api-reference/auth-oauth-v3/guide',
};
