/**
 * The contract's small vocabularies, listed once for the API (validation, storage, GraphQL
 * enums) and the console (forms, which actions a role may take). oauth-core keeps its own
 * `TokenEndpointAuthMethod` type (it depends on nothing of ours); the API checks that both agree.
 */

/** `Connection.authenticationType`. */
export const authenticationTypes = ['NONE', 'BASIC', 'API_KEY', 'OAUTH2_CLIENT_CREDENTIALS', 'OAUTH2_AUTHORIZATION_CODE'] as const;
export type AuthenticationType = (typeof authenticationTypes)[number];

/** The authentication types that carry OAuth2 settings. */
export const oauth2AuthenticationTypes = [
  'OAUTH2_CLIENT_CREDENTIALS',
  'OAUTH2_AUTHORIZATION_CODE',
] as const satisfies readonly AuthenticationType[];

export function isOAuth2AuthenticationType(type: string | null | undefined): boolean {
  return (oauth2AuthenticationTypes as readonly (string | null | undefined)[]).includes(type);
}

/**
 * How the client authenticates at the token endpoint, in RFC 7591 spelling (the GraphQL enum
 * names are these in upper case: `CLIENT_SECRET_BASIC`, ...). The first is the default.
 */
export const tokenEndpointAuthMethods = ['client_secret_basic', 'client_secret_post', 'none'] as const;
export type TokenEndpointAuthMethod = (typeof tokenEndpointAuthMethods)[number];
export const defaultTokenEndpointAuthMethod: TokenEndpointAuthMethod = 'client_secret_basic';

/** The three roles, highest first: ADMIN > OPERATOR > VIEWER. */
export const roles = ['ADMIN', 'OPERATOR', 'VIEWER'] as const;
export type Role = (typeof roles)[number];

/** True when `role` is at least `minimum` (ADMIN > OPERATOR > VIEWER). */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return roles.indexOf(role) <= roles.indexOf(minimum);
}

/** What happened to a connection (`AuditEvent.type`), each with the console's label, in contract order. */
export const connectionAuditEventLabels = {
  CONNECTION_CREATED: 'Connection created',
  CONNECTION_UPDATED: 'Connection updated',
  CONNECTION_DELETED: 'Connection deleted',
  AUTHORIZATION_STARTED: 'Authorization started',
  AUTHORIZED: 'Authorized',
  AUTHORIZATION_FAILED: 'Authorization failed',
  TOKEN_TESTED: 'Token tested',
  TOKEN_REFRESHED: 'Token refreshed',
  TOKEN_REFRESH_FAILED: 'Token refresh failed',
  AUTHORIZATION_REVOKED: 'Authorization revoked',
  TOKEN_ISSUED: 'Access token issued to an API key',
} as const;

/**
 * What an admin did to a user account (`AuditEvent.type`, no connection: `connectionCode` is
 * empty). Only admins of the whole instance read them, and no webhook is sent for them.
 */
export const userAuditEventLabels = {
  USER_CREATED: 'User created',
  USER_UPDATED: 'User changed',
  USER_DISABLED: 'User disabled',
  USER_ENABLED: 'User enabled',
  USER_PASSWORD_RESET: 'User password reset',
} as const;
export type UserAuditEventType = keyof typeof userAuditEventLabels;
export const userAuditEventTypes = Object.keys(userAuditEventLabels) as UserAuditEventType[];

/**
 * What an admin did to an API key of a workspace (`AuditEvent.type`, no connection:
 * `connectionCode` is empty). Only the workspace's admins read them (as they alone list its
 * keys), and no webhook is sent for them.
 */
export const apiKeyAuditEventLabels = {
  API_KEY_CREATED: 'API key created',
  API_KEY_DELETED: 'API key deleted',
} as const;
export type ApiKeyAuditEventType = keyof typeof apiKeyAuditEventLabels;
export const apiKeyAuditEventTypes = Object.keys(apiKeyAuditEventLabels) as ApiKeyAuditEventType[];

/** Every `AuditEvent.type`: a connection's, a user account's, then an API key's. */
export const auditEventLabels = { ...connectionAuditEventLabels, ...userAuditEventLabels, ...apiKeyAuditEventLabels } as const;
export type AuditEventType = keyof typeof auditEventLabels;
export const auditEventTypes = Object.keys(auditEventLabels) as AuditEventType[];

/**
 * What a webhook can subscribe to (`WebhookEventType`): every audit event type of a connection,
 * plus REAUTHORIZATION_REQUIRED (sent once when a connection enters that status).
 */
export const webhookEventLabels = {
  ...connectionAuditEventLabels,
  REAUTHORIZATION_REQUIRED: 'Re-authorization required',
} as const;
export type WebhookEventType = keyof typeof webhookEventLabels;
export const webhookEventTypes = Object.keys(webhookEventLabels) as WebhookEventType[];
