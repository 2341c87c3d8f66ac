import { ALPHANUMERIC_PATTERN, HOSTNAME_PATTERN } from '../parameter-patterns.js';
import type { ProviderTemplate } from '../types.js';

/**
 * Okta (a custom authorization server, `default` unless told otherwise).
 *
 * Verified (developer.okta.com "Authorization Servers" and the OAuth 2.0 API reference): a
 * pre-configured custom authorization server named `default`; endpoints under
 * `https://{yourOktaDomain}/oauth2/{authorizationServerId}/v1/…`.
 * Not found in the searched material, from general knowledge: `authorize`, `token`, `revoke`
 * path names, the issuer `https://{domain}/oauth2/{authorizationServerId}`, `offline_access` for
 * refresh tokens, and that rotation is an app setting (Okta's default grace period 30 s).
 */
export const okta: ProviderTemplate = {
  id: 'okta',
  name: 'Okta',
  issuer: 'https://{domain}/oauth2/{authorizationServerId}',
  authorizationEndpoint: 'https://{domain}/oauth2/{authorizationServerId}/v1/authorize',
  tokenEndpoint: 'https://{domain}/oauth2/{authorizationServerId}/v1/token',
  revocationEndpoint: 'https://{domain}/oauth2/{authorizationServerId}/v1/revoke',
  scopes: ['openid', 'profile', 'offline_access'],
  tokenEndpointAuthMethod: 'client_secret_basic',
  parameters: [
    {
      name: 'domain',
      label: 'Okta domain',
      example: 'acme.okta.com',
      description: 'Your Okta org or custom domain, without https://.',
      pattern: HOSTNAME_PATTERN,
      patternDescription: 'a host name such as acme.okta.com',
    },
    {
      name: 'authorizationServerId',
      label: 'Authorization server ID',
      example: 'default',
      defaultValue: 'default',
      pattern: ALPHANUMERIC_PATTERN,
      patternDescription: 'letters and digits',
    },
  ],
  quirks: {
    notes: [
      'Enable the Refresh Token grant on the app and request offline_access.',
      'Refresh-token rotation and its grace period are per-app settings in Okta.',
    ],
  },
  documentationUrl: 'https://developer.okta.com/docs/guides/implement-grant-type/authcode/main/',
};
