export { errorCodes, errorCodeList, isErrorCode, type ErrorCode } from './error-codes.js';
export { connectionCodeMaxLength, connectionCodePattern, workspaceSlugPattern } from './identifiers.js';
export {
  auditEventLabels,
  auditEventTypes,
  authenticationTypes,
  defaultTokenEndpointAuthMethod,
  isOAuth2AuthenticationType,
  oauth2AuthenticationTypes,
  roleAtLeast,
  roles,
  tokenEndpointAuthMethods,
  webhookEventLabels,
  webhookEventTypes,
  type AuditEventType,
  type AuthenticationType,
  type Role,
  type TokenEndpointAuthMethod,
  type WebhookEventType,
} from './vocabulary.js';
