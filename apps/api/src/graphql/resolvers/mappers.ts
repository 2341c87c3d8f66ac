import type { OAuth2SettingsInput as ServiceOAuth2Input } from '../../services/connection-service.js';
import type { ConnectionView } from '../../services/index.js';
import type { Connection } from '../types/connection.js';
import { type AuthenticationType, TokenEndpointAuthMethod } from '../types/enums.js';
import type { OAuth2SettingsInput } from '../types/inputs.js';

/** Service view → GraphQL object (the enum values are the same strings). */
export function toConnection(view: ConnectionView): Connection {
  return {
    id: view.id,
    code: view.code,
    name: view.name,
    baseUrl: view.baseUrl,
    authenticationType: view.authenticationType as AuthenticationType,
    oauth2: view.oauth2
      ? { ...view.oauth2, tokenEndpointAuthMethod: view.oauth2.tokenEndpointAuthMethod as TokenEndpointAuthMethod }
      : null,
    credentials: view.credentials,
    allowTokenAccess: view.allowTokenAccess,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
  };
}

export function toOAuth2SettingsInput(input: OAuth2SettingsInput): ServiceOAuth2Input {
  return {
    issuer: input.issuer ?? null,
    authorizationEndpoint: input.authorizationEndpoint ?? null,
    tokenEndpoint: input.tokenEndpoint ?? null,
    revocationEndpoint: input.revocationEndpoint ?? null,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    scopes: input.scopes,
    tokenEndpointAuthMethod: input.tokenEndpointAuthMethod ?? TokenEndpointAuthMethod.CLIENT_SECRET_BASIC,
    extraAuthorizationParams: input.extraAuthorizationParams ?? null,
    templateId: input.templateId ?? null,
    templateParameters: input.templateParameters ?? null,
  };
}
