import { PATH_SEGMENT_PATTERN } from '../parameter-patterns.js';
import type { ProviderTemplate } from '../types.js';
import { DAY } from './durations.js';

/**
 * Microsoft Entra ID (identity platform v2.0 endpoints).
 *
 * Verified (learn.microsoft.com, Microsoft Q&A answer by a Microsoft moderator, and the
 * microsoft/azure-skills "oauth-flows" reference): endpoints
 * `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize|token`; `{tenant}` is a
 * tenant id, a verified domain or `common`; the `offline_access` scope is what returns a refresh
 * token. Not found in the searched material, from general knowledge: no RFC 7009 revocation
 * endpoint (sessions are revoked through Microsoft Graph `revokeSignInSessions`); refresh tokens
 * are replaced on every use but earlier ones stay valid until they expire (90-day default
 * lifetime, 24 h for SPA clients). No `issuer` here: `common`, `organizations` and `consumers`
 * have no single issuer (ID tokens carry the user's tenant), so discover it for a tenant id.
 */
export const microsoftEntraId: ProviderTemplate = {
  id: 'microsoft-entra-id',
  name: 'Microsoft Entra ID',
  authorizationEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize',
  tokenEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
  scopes: ['openid', 'profile', 'offline_access', 'https://graph.microsoft.com/User.Read'],
  tokenEndpointAuthMethod: 'client_secret_post',
  parameters: [
    {
      name: 'tenant',
      label: 'Directory (tenant) ID',
      example: 'common',
      description: 'A tenant id (GUID), a verified domain such as contoso.onmicrosoft.com, or common / organizations / consumers.',
      pattern: PATH_SEGMENT_PATTERN,
      patternDescription: 'letters, digits, "." and "-"',
    },
  ],
  quirks: {
    notes: [
      'Request the offline_access scope to receive a refresh token.',
      'Refresh tokens are replaced on each refresh; store the newest one.',
      'No standard revocation endpoint: revoke sessions in Entra ID or through Microsoft Graph.',
    ],
  },
  refreshTokenPolicy: { idleExpiresAfterSeconds: 90 * DAY },
  documentationUrl: 'https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow',
};
