import type { ProviderTemplate } from '../types.js';
import { DAY } from './durations.js';

/**
 * Intuit QuickBooks Online.
 *
 * Verified (developer.intuit.com "Set up OAuth 2.0" and the Intuit blog "OAuth token management
 * done the right way", "Important changes to refresh token policy"): access tokens last one hour;
 * refresh tokens have a rolling 100-day expiry extended by each refresh and, for tokens issued
 * since October 2023 with the accounting scope, a 5-year maximum; the refresh response may carry
 * the hard expiry. The Intuit SDK release notes confirm the 5-year policy.
 * Not found in the searched material, from general knowledge: the endpoints
 * (`appcenter.intuit.com/connect/oauth2`, `oauth.platform.intuit.com/oauth2/v1/tokens/bearer`,
 * `developer.api.intuit.com/v2/oauth2/tokens/revoke`), the issuer, and that the refresh-token
 * value changes about every 24 hours (always store the newest; the previous one keeps working
 * until it expires).
 */
export const intuitQuickBooks: ProviderTemplate = {
  id: 'intuit-quickbooks',
  name: 'Intuit QuickBooks Online',
  issuer: 'https://oauth.platform.intuit.com/op/v1',
  authorizationEndpoint: 'https://appcenter.intuit.com/connect/oauth2',
  tokenEndpoint: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revocationEndpoint: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
  scopes: ['com.intuit.quickbooks.accounting'],
  tokenEndpointAuthMethod: 'client_secret_basic',
  parameters: [],
  quirks: {
    notes: [
      'A refresh token is always issued; its value changes periodically on refresh, so always store the newest.',
      'The callback carries realmId (the company id) that API calls need.',
    ],
  },
  refreshTokenPolicy: {
    idleExpiresAfterSeconds: 100 * DAY,
    absoluteExpiresAfterSeconds: 5 * 365 * DAY,
  },
  documentationUrl: 'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0',
};
