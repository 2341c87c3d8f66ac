import { isOAuth2AuthenticationType, tokenEndpointAuthMethods } from '@grantkeeper/schema';
import type { AuthenticationType, TokenEndpointAuthMethod } from '../gql/graphql';

export const authenticationTypeLabels: Record<AuthenticationType, string> = {
  NONE: 'None',
  BASIC: 'Basic',
  API_KEY: 'API Key',
  OAUTH2_CLIENT_CREDENTIALS: 'OAuth2 Client Credentials',
  OAUTH2_AUTHORIZATION_CODE: 'OAuth2 Authorization Code',
};

export const authenticationTypeOptions = (Object.keys(authenticationTypeLabels) as AuthenticationType[]).map((value) => ({
  value,
  label: authenticationTypeLabels[value],
}));

const tokenEndpointAuthMethodLabels: Record<(typeof tokenEndpointAuthMethods)[number], string> = {
  client_secret_basic: 'Client secret in Authorization header (client_secret_basic)',
  client_secret_post: 'Client secret in request body (client_secret_post)',
  none: 'None: public client, PKCE only',
};

/** The contract's methods (GraphQL names are the RFC 7591 values in upper case). */
export const tokenEndpointAuthMethodOptions: Array<{ value: TokenEndpointAuthMethod; label: string }> = tokenEndpointAuthMethods.map(
  (method) => ({
    value: method.toUpperCase() as TokenEndpointAuthMethod,
    label: tokenEndpointAuthMethodLabels[method],
  }),
);

export function isOAuth2(type: AuthenticationType | null | undefined): boolean {
  return isOAuth2AuthenticationType(type);
}

/** One sentence per type: what the card asks for and what the proxy adds. */
export const authenticationTypeHelp: Record<AuthenticationType, string> = {
  NONE: 'No credentials: the proxy forwards requests as they are.',
  BASIC: 'A user name and password, sent as Authorization: Basic.',
  API_KEY: 'A secret key, sent in a header or query parameter you name.',
  OAUTH2_CLIENT_CREDENTIALS: 'Machine to machine: Grantkeeper gets tokens from the token endpoint with the client ID and secret.',
  OAUTH2_AUTHORIZATION_CODE: 'A user authorizes once in the browser (Manage Authorization); Grantkeeper keeps the tokens fresh.',
};

export function hasCredentials(type: AuthenticationType | null | undefined): boolean {
  return type === 'BASIC' || type === 'API_KEY';
}
