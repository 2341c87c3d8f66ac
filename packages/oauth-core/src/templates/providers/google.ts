import type { ProviderTemplate } from '../types.js';
import { DAY } from './durations.js';

/**
 * Google (OAuth 2.0 for web server applications).
 *
 * Verified (developers.google.com "Using OAuth 2.0 for Web Server Applications" and Google's
 * client_secrets.json test data in google-api-python-client): endpoints
 * `accounts.google.com/o/oauth2/v2/auth`, `oauth2.googleapis.com/token`,
 * `oauth2.googleapis.com/revoke`; `access_type=offline` for a refresh token, `prompt=consent`
 * so one is issued again on re-authorization (googleworkspace/apps-script-oauth2 README); refresh
 * tokens stop working after six months unused (docs.gitguardian.com summary of Google's page).
 * Not found in the searched material, from general knowledge: refresh responses carry no new
 * refresh token (no rotation); issuer `https://accounts.google.com`.
 */
export const google: ProviderTemplate = {
  id: 'google',
  name: 'Google',
  issuer: 'https://accounts.google.com',
  authorizationEndpoint: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenEndpoint: 'https://oauth2.googleapis.com/token',
  revocationEndpoint: 'https://oauth2.googleapis.com/revoke',
  scopes: ['openid', 'email', 'profile'],
  tokenEndpointAuthMethod: 'client_secret_basic',
  extraAuthorizationParams: { access_type: 'offline', prompt: 'consent' },
  parameters: [],
  quirks: {
    keepsRefreshToken: true,
    offlineAccessParams: { access_type: 'offline', prompt: 'consent' },
    notes: [
      'Without access_type=offline Google issues no refresh token; without prompt=consent it issues one only on the first consent.',
      'Refresh tokens of apps in "Testing" publishing status expire after 7 days.',
    ],
  },
  refreshTokenPolicy: { idleExpiresAfterSeconds: 180 * DAY },
  documentationUrl: 'https://developers.google.com/identity/protocols/oauth2/web-server',
};
