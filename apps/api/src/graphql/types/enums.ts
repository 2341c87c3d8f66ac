import {
  auditEventTypes,
  authenticationTypes,
  roles,
  tokenEndpointAuthMethods,
  webhookEventTypes,
  type AuditEventType as SchemaAuditEventType,
  type TokenEndpointAuthMethod as AuthMethod,
  type WebhookEventType as SchemaWebhookEventType,
} from '@grantkeeper/schema';
import { registerEnumType } from 'type-graphql';

/** A GraphQL enum whose names are its values (the vocabularies of @grantkeeper/schema). */
function sameNames<const T extends string>(values: readonly T[]): { readonly [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { readonly [K in T]: K };
}

/** Role ordering: ADMIN > OPERATOR > VIEWER. */
export const Role = sameNames(roles);
export type Role = (typeof roles)[number];

export const AuthenticationType = sameNames(authenticationTypes);
export type AuthenticationType = (typeof authenticationTypes)[number];

/** GraphQL names upper-case; internal values are the RFC 6749 / oauth-core spelling. */
export const TokenEndpointAuthMethod = Object.fromEntries(tokenEndpointAuthMethods.map((method) => [method.toUpperCase(), method])) as {
  readonly [K in AuthMethod as Uppercase<K>]: K;
};
export type TokenEndpointAuthMethod = AuthMethod;

export enum AuthorizationStatus {
  AUTHORIZED = 'AUTHORIZED',
  NOT_AUTHORIZED = 'NOT_AUTHORIZED',
  REAUTHORIZATION_REQUIRED = 'REAUTHORIZATION_REQUIRED',
}

/** What an API key may do with the credentials of connections (besides its role). */
export enum ConnectionAccess {
  NONE = 'NONE',
  PROXY = 'PROXY',
  TOKEN = 'TOKEN',
}

/** What happened to a connection (the audit history). */
export const AuditEventType = sameNames(auditEventTypes);
export type AuditEventType = SchemaAuditEventType;

/** What a webhook can subscribe to: every AuditEventType, plus REAUTHORIZATION_REQUIRED. */
export const WebhookEventType = sameNames(webhookEventTypes);
export type WebhookEventType = SchemaWebhookEventType;

registerEnumType(Role, { name: 'Role' });
registerEnumType(AuthenticationType, { name: 'AuthenticationType' });
registerEnumType(AuthorizationStatus, { name: 'AuthorizationStatus' });
registerEnumType(TokenEndpointAuthMethod, { name: 'TokenEndpointAuthMethod' });
registerEnumType(AuditEventType, { name: 'AuditEventType' });
registerEnumType(WebhookEventType, { name: 'WebhookEventType' });
registerEnumType(ConnectionAccess, {
  name: 'ConnectionAccess',
  description:
    'What an API key may do with the credentials of connections (besides its role). Console sessions never get PROXY or TOKEN access.',
  valuesConfig: {
    NONE: { description: 'GraphQL only (the default).' },
    PROXY: { description: 'May also send requests through /proxy/{connectionCode}/... (tokens never leave).' },
    TOKEN: { description: 'PROXY, and may read access tokens with `accessToken` where the connection allows it.' },
  },
});
