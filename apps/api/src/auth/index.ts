export {
  AuthService,
  DEFAULT_WORKSPACE_SLUG,
  type AuthServiceOptions,
  type AuthenticateInput,
  type CreatedApiKey,
  type LoginResult,
} from './auth-service.js';
export { bootstrap, GENERATED_ADMIN_EMAIL, type BootstrapResult } from './bootstrap.js';
export { AuthError, isAuthError, type AuthErrorCode, type AuthErrorReason } from './errors.js';
export { principalActor, type ApiKeyInfo, type ApiKeyPrincipal, type Principal, type UserInfo, type WorkspaceInfo } from './principal.js';
export { hasRole, isRole, roleAtLeast, roles, type Role } from './roles.js';
export { hashPassword, verifyPassword } from './password.js';
export { toApiKeyInfo, toUserInfo, toWorkspaceInfo } from './mappers.js';
export { SESSION_COOKIE, readSessionCookie } from './session-cookie.js';
export { mayUseConnection, validateConnectionAccess, type ConnectionAccessInput } from './connection-access.js';
