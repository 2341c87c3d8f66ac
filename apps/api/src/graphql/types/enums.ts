import { registerEnumType } from 'type-graphql';

/** Role ordering: ADMIN > OPERATOR > VIEWER. */
export enum Role {
  ADMIN = 'ADMIN',
  OPERATOR = 'OPERATOR',
  VIEWER = 'VIEWER',
}

export enum AuthenticationType {
  NONE = 'NONE',
  BASIC = 'BASIC',
  API_KEY = 'API_KEY',
  OAUTH2_CLIENT_CREDENTIALS = 'OAUTH2_CLIENT_CREDENTIALS',
  OAUTH2_AUTHORIZATION_CODE = 'OAUTH2_AUTHORIZATION_CODE',
}

export enum AuthorizationStatus {
  AUTHORIZED = 'AUTHORIZED',
  NOT_AUTHORIZED = 'NOT_AUTHORIZED',
  REAUTHORIZATION_REQUIRED = 'REAUTHORIZATION_REQUIRED',
}

/** GraphQL names upper-case; internal values are the RFC 6749 / oauth-core spelling. */
export enum TokenEndpointAuthMethod {
  CLIENT_SECRET_BASIC = 'client_secret_basic',
  CLIENT_SECRET_POST = 'client_secret_post',
  NONE = 'none',
}

export enum AuditEventType {
  CONNECTION_CREATED = 'CONNECTION_CREATED',
  CONNECTION_UPDATED = 'CONNECTION_UPDATED',
  CONNECTION_DELETED = 'CONNECTION_DELETED',
  AUTHORIZATION_STARTED = 'AUTHORIZATION_STARTED',
  AUTHORIZED = 'AUTHORIZED',
  AUTHORIZATION_FAILED = 'AUTHORIZATION_FAILED',
  TOKEN_TESTED = 'TOKEN_TESTED',
  TOKEN_REFRESHED = 'TOKEN_REFRESHED',
  TOKEN_REFRESH_FAILED = 'TOKEN_REFRESH_FAILED',
  AUTHORIZATION_REVOKED = 'AUTHORIZATION_REVOKED',
}

registerEnumType(Role, { name: 'Role' });
registerEnumType(AuthenticationType, { name: 'AuthenticationType' });
registerEnumType(AuthorizationStatus, { name: 'AuthorizationStatus' });
registerEnumType(TokenEndpointAuthMethod, { name: 'TokenEndpointAuthMethod' });
registerEnumType(AuditEventType, { name: 'AuditEventType' });
