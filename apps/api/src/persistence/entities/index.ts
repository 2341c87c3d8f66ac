export { ID_LENGTH, newId, roles, type Role } from './columns.js';
export { Workspace } from './workspace.entity.js';
export { User } from './user.entity.js';
export { Session } from './session.entity.js';
export { ApiKey, connectionAccessLevels, type ConnectionAccess } from './api-key.entity.js';
export {
  Connection,
  authenticationTypes,
  type AuthenticationType,
  type StoredCredentials,
  type StoredTokenEndpointAuthMethod,
} from './connection.entity.js';
export { Authorization } from './authorization.entity.js';
export { ClientCredentialsToken } from './client-credentials-token.entity.js';
export { PendingFlow } from './pending-flow.entity.js';
export { AuditEvent, auditOutcomes, type AuditOutcome } from './audit-event.entity.js';
export type { AuditEventType, WebhookEventType } from '@grantkeeper/schema';
export { LoginFailure } from './login-failure.entity.js';
export { Webhook } from './webhook.entity.js';
export { WebhookDelivery, webhookDeliveryStates, type WebhookDeliveryState } from './webhook-delivery.entity.js';

import { ApiKey } from './api-key.entity.js';
import { AuditEvent } from './audit-event.entity.js';
import { Authorization } from './authorization.entity.js';
import { ClientCredentialsToken } from './client-credentials-token.entity.js';
import { Connection } from './connection.entity.js';
import { LoginFailure } from './login-failure.entity.js';
import { PendingFlow } from './pending-flow.entity.js';
import { Session } from './session.entity.js';
import { User } from './user.entity.js';
import { Workspace } from './workspace.entity.js';
import { Webhook } from './webhook.entity.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/** Every entity, for the ORM configuration. */
export const entities = [
  Workspace,
  User,
  Session,
  ApiKey,
  Connection,
  Authorization,
  ClientCredentialsToken,
  PendingFlow,
  AuditEvent,
  LoginFailure,
  Webhook,
  WebhookDelivery,
];
