/** Rows to the auth module's domain types (never a hash or a secret). */
import type { ApiKey, User, Workspace } from '../persistence/entities/index.js';
import type { ApiKeyInfo, UserInfo, WorkspaceInfo } from './principal.js';

export function toWorkspaceInfo(w: Workspace): WorkspaceInfo {
  return { id: w.id, slug: w.slug, company: w.company, environment: w.environment };
}

export function toUserInfo(u: User): UserInfo {
  return { id: u.id, email: u.email, displayName: u.displayName, role: u.role };
}

export function toApiKeyInfo(k: ApiKey): ApiKeyInfo {
  return { id: k.id, name: k.name, role: k.role, createdAt: k.createdAt, lastUsedAt: k.lastUsedAt };
}
