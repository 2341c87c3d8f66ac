/** Rows to the auth module's domain types (never a hash or a secret). */
import type { ApiKey, User, Workspace } from '../persistence/entities/index.js';
import type { ApiKeyInfo, ApiKeyPrincipal, UserAccount, UserInfo, WorkspaceInfo } from './principal.js';

export function toWorkspaceInfo(w: Workspace): WorkspaceInfo {
  return { id: w.id, slug: w.slug, company: w.company, environment: w.environment };
}

export function toUserInfo(u: User): UserInfo {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    role: u.role,
    workspaceSlugs: u.workspaceSlugs === null ? null : [...u.workspaceSlugs],
    mustChangePassword: u.mustChangePassword,
  };
}

export function toUserAccount(u: User): UserAccount {
  return { ...toUserInfo(u), disabled: u.disabled, lastSignInAt: u.lastSignInAt, createdAt: u.createdAt };
}

export function toApiKeyInfo(k: ApiKey): ApiKeyInfo {
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    prefix: k.prefix,
    createdAt: k.createdAt,
    expiresAt: k.expiresAt,
    lastUsedAt: k.lastUsedAt,
    connectionAccess: k.connectionAccess,
    connectionCodes: k.connectionCodes === null ? null : [...k.connectionCodes],
  };
}

/** What a request authenticated by this key carries (cached per key). */
export function apiKeyPrincipalOf(k: ApiKey): ApiKeyPrincipal {
  const { id, name, role, connectionAccess, connectionCodes } = toApiKeyInfo(k);
  return { id, name, role, connectionAccess, connectionCodes };
}
