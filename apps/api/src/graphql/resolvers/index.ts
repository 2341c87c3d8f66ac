import { AuditResolver } from './audit.resolver.js';
import { AuthorizationFieldsResolver } from './authorization-fields.resolver.js';
import { AuthorizationResolver } from './authorization.resolver.js';
import { ConnectionResolver } from './connection.resolver.js';
import { OutboundResolver } from './outbound.resolver.js';
import { ProviderResolver } from './provider.resolver.js';
import { SessionResolver } from './session.resolver.js';
import { UserResolver } from './user.resolver.js';
import { WebhookResolver } from './webhook.resolver.js';
import { WorkspaceResolver } from './workspace.resolver.js';

export const resolvers = [
  SessionResolver,
  UserResolver,
  WorkspaceResolver,
  ConnectionResolver,
  AuthorizationResolver,
  AuthorizationFieldsResolver,
  AuditResolver,
  ProviderResolver,
  WebhookResolver,
  OutboundResolver,
] as const;
