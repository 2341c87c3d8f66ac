import type { ProviderTemplate } from '../types.js';

/** Zoho accounts servers, one per data centre (from Zoho's API documentation tables). */
export const ZOHO_ACCOUNTS_DOMAINS = [
  'accounts.zoho.com',
  'accounts.zoho.eu',
  'accounts.zoho.in',
  'accounts.zoho.com.au',
  'accounts.zoho.jp',
  'accounts.zohocloud.ca',
  'accounts.zoho.com.cn',
  'accounts.zoho.sa',
] as const;

/**
 * Zoho (all Zoho APIs share Zoho Accounts).
 *
 * Verified (zoho.com API docs for Invoice, Books, Inventory, Meeting; "Revoke OAuth tokens" on
 * zoho.com/accounts): `{accounts-server}/oauth/v2/auth` and `/oauth/v2/token`; the accounts
 * server depends on the data centre (.com, .eu, .in, .com.au, .jp, zohocloud.ca); scopes are
 * separated by commas; `access_type=offline` returns a refresh token and `prompt=consent` returns
 * one on every authorization; revocation is `POST {accounts-server}/oauth/v2/token/revoke` with
 * the token as a `token` parameter.
 * Conflicting: a newer Zoho page names `/oauth/v2/revoke/token` with a `token_type` parameter;
 * the older path is kept. Not found: `.com.cn` and `.sa` data centres (general knowledge), and
 * Zoho's limit of 20 refresh tokens per user and client (the oldest is revoked; reported by
 * docs.unified.to).
 */
export const zoho: ProviderTemplate = {
  id: 'zoho',
  name: 'Zoho',
  authorizationEndpoint: 'https://{accountsDomain}/oauth/v2/auth',
  tokenEndpoint: 'https://{accountsDomain}/oauth/v2/token',
  revocationEndpoint: 'https://{accountsDomain}/oauth/v2/token/revoke',
  scopes: ['ZohoCRM.modules.READ'],
  tokenEndpointAuthMethod: 'client_secret_post',
  extraAuthorizationParams: { access_type: 'offline', prompt: 'consent' },
  parameters: [
    {
      name: 'accountsDomain',
      label: 'Zoho accounts server (data centre)',
      example: 'accounts.zoho.eu',
      defaultValue: 'accounts.zoho.com',
      description: 'The accounts server of the data centre the Zoho organisation lives in.',
      pattern: /^accounts\.zoho(?:cloud)?\.[a-z.]{2,6}$/,
      patternDescription: 'a Zoho accounts server such as accounts.zoho.eu',
      allowedValues: ZOHO_ACCOUNTS_DOMAINS,
    },
  ],
  quirks: {
    scopeSeparator: ',',
    keepsRefreshToken: true,
    offlineAccessParams: { access_type: 'offline', prompt: 'consent' },
    notes: [
      'Zoho keeps at most 20 refresh tokens per user and client; authorizing again beyond that revokes the oldest.',
      'API calls use the header "Authorization: Zoho-oauthtoken <token>" and the data centre\'s API domain.',
    ],
  },
  documentationUrl: 'https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html',
};
