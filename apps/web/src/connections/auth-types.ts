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

export const tokenEndpointAuthMethodOptions: Array<{ value: TokenEndpointAuthMethod; label: string }> = [
  { value: 'CLIENT_SECRET_BASIC', label: 'Client secret in Authorization header (client_secret_basic)' },
  { value: 'CLIENT_SECRET_POST', label: 'Client secret in request body (client_secret_post)' },
  { value: 'NONE', label: 'None: public client, PKCE only' },
];

export function isOAuth2(type: AuthenticationType | null | undefined): boolean {
  return type === 'OAUTH2_AUTHORIZATION_CODE' || type === 'OAUTH2_CLIENT_CREDENTIALS';
}
