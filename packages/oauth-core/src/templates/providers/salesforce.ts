import type { ProviderTemplate } from '../types.js';

/**
 * Salesforce (web server flow), in three variants: production login, sandbox login, and an
 * org's My Domain (recommended by Salesforce: not affected by instance migrations).
 *
 * Verified (developer.salesforce.com "Web Server OAuth Authentication Flow", "Revoking OAuth
 * Tokens", and the salesforce-oauth2 npm README): `/services/oauth2/authorize`, `/token`,
 * `/revoke` on `login.salesforce.com`, on `{MyDomainName}.my.salesforce.com`, and
 * `{MyDomainName}--{SandboxName}.sandbox.my.salesforce.com` for sandboxes; the `refresh_token`
 * scope (also selected on the connected app) is what yields a refresh token; a refresh response
 * (sample on cloudsfdc.com) carries no `refresh_token`, so the old one is kept.
 * Not found: the sandbox login host `test.salesforce.com` (general knowledge); refresh-token
 * lifetime (set per connected app by the org's policy).
 */
const common = {
  scopes: ['api', 'refresh_token'],
  tokenEndpointAuthMethod: 'client_secret_post',
  quirks: {
    keepsRefreshToken: true,
    notes: [
      'Add the refresh_token (offline access) scope to the connected app and request it.',
      'The refresh-token lifetime is the connected app\'s "Refresh Token Policy".',
      'The token response carries instance_url: call the REST API there.',
    ],
  },
  documentationUrl: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm',
} as const satisfies Partial<ProviderTemplate>;

export const salesforce: ProviderTemplate = {
  id: 'salesforce',
  name: 'Salesforce',
  authorizationEndpoint: 'https://login.salesforce.com/services/oauth2/authorize',
  tokenEndpoint: 'https://login.salesforce.com/services/oauth2/token',
  revocationEndpoint: 'https://login.salesforce.com/services/oauth2/revoke',
  parameters: [],
  ...common,
};

export const salesforceSandbox: ProviderTemplate = {
  id: 'salesforce-sandbox',
  name: 'Salesforce (sandbox)',
  authorizationEndpoint: 'https://test.salesforce.com/services/oauth2/authorize',
  tokenEndpoint: 'https://test.salesforce.com/services/oauth2/token',
  revocationEndpoint: 'https://test.salesforce.com/services/oauth2/revoke',
  parameters: [],
  ...common,
};

export const salesforceMyDomain: ProviderTemplate = {
  id: 'salesforce-my-domain',
  name: 'Salesforce (My Domain)',
  authorizationEndpoint: 'https://{myDomain}/services/oauth2/authorize',
  tokenEndpoint: 'https://{myDomain}/services/oauth2/token',
  revocationEndpoint: 'https://{myDomain}/services/oauth2/revoke',
  parameters: [
    {
      name: 'myDomain',
      label: 'My Domain login host',
      example: 'acme.my.salesforce.com',
      description: 'From Setup → My Domain, e.g. acme.my.salesforce.com or acme--uat.sandbox.my.salesforce.com.',
      pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.sandbox)?\.my\.salesforce\.com$/,
      patternDescription: 'a host ending in .my.salesforce.com',
    },
  ],
  ...common,
};
