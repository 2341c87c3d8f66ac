export { errorCodes, errorCodeList, isErrorCode, type ErrorCode } from './error-codes.js';
export { connectionCodeMaxLength, connectionCodePattern, workspaceSlugPattern } from './identifiers.js';
export {
  auditEventLabels,
  auditEventTypes,
  authenticationTypes,
  connectionAuditEventLabels,
  defaultTokenEndpointAuthMethod,
  isOAuth2AuthenticationType,
  oauth2AuthenticationTypes,
  roleAtLeast,
  roles,
  tokenEndpointAuthMethods,
  userAuditEventLabels,
  userAuditEventTypes,
  webhookEventLabels,
  webhookEventTypes,
  type AuditEventType,
  type AuthenticationType,
  type Role,
  type TokenEndpointAuthMethod,
  type UserAuditEventType,
  type WebhookEventType,
} from './vocabulary.js';
