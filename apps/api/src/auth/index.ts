export { AuthService, type AuthServiceOptions, type AuthenticateInput } from './auth-service.js';
export { ApiKeyService, type CreatedApiKey } from './api-key-service.js';
export { SessionService, type LoginResult } from './session-service.js';
export { UserService, type CreatedUser, type NewUserInput, type UserUpdate } from './user-service.js';
export { commandLineActor, firstStartActor, type UserAdmin } from './user-audit.js';
export { DEFAULT_WORKSPACE_SLUG, WorkspaceService } from './workspace-service.js';
export { bootstrap, GENERATED_ADMIN_EMAIL, type BootstrapResult } from './bootstrap.js';
export { AuthError, isAuthError, type AuthErrorCode, type AuthErrorReason } from './errors.js';
export {
  principalActor,
  userMayActIn,
  type ApiKeyInfo,
  type ApiKeyPrincipal,
  type Principal,
  type UserAccount,
  type UserInfo,
  type WorkspaceInfo,
} from './principal.js';
export { hasRole, isRole, roleAtLeast, roles, type Role } from './roles.js';
export { hashPassword, verifyPassword } from './password.js';
export { toApiKeyInfo, toUserInfo, toWorkspaceInfo } from './mappers.js';
export { SESSION_COOKIE } from './session-cookie.js';
export { mayUseConnection, validateConnectionAccess, type ConnectionAccessInput } from './connection-access.js';
