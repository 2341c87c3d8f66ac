export { errorCodes, errorCodeList, isErrorCode, type ErrorCode } from './error-codes.js';
export { connectionCodeMaxLength, connectionCodePattern, workspaceSlugPattern } from './identifiers.js';
export {
  authenticationTypes,
  defaultTokenEndpointAuthMethod,
  isOAuth2AuthenticationType,
  oauth2AuthenticationTypes,
  roleAtLeast,
  roles,
  tokenEndpointAuthMethods,
  type AuthenticationType,
  type Role,
  type TokenEndpointAuthMethod,
} from './vocabulary.js';
