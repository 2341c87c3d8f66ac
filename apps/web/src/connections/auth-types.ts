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
export const tokenEndpointAuthMethodOptions: Array<{ value: TokenEndpointAuthMethod; label: string }> =
  tokenEndpointAuthMethods.map((method) => ({
    value: method.toUpperCase() as TokenEndpointAuthMethod,
    label: tokenEndpointAuthMethodLabels[method],
  }));

export function isOAuth2(type: AuthenticationType | null | undefined): boolean {
  return isOAuth2AuthenticationType(type);
}
