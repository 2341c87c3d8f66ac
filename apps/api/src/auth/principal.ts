/** Who is calling, and in which workspace. Built by AuthService.authenticate for each request. */
import type { ConnectionAccess, Role } from '../persistence/entities/index.js';

export interface WorkspaceInfo {
  id: string;
  slug: string;
  company: string;
  environment: string;
}

export interface UserInfo {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  /** The workspaces (slugs) the user may act in; null = every workspace. */
  workspaceSlugs: string[] | null;
  /** Signed in with a one-time password: only `changePassword` (and `me`, `logout`) until changed. */
  mustChangePassword: boolean;
}

/** What an admin sees of a user (never the password hash). */
export interface UserAccount extends UserInfo {
  disabled: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
}

/** True when the user may act in the workspace `slug`. */
export function userMayActIn(user: Pick<UserInfo, 'workspaceSlugs'>, slug: string): boolean {
  return user.workspaceSlugs === null || user.workspaceSlugs.includes(slug);
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  role: Role;
  /** The key's first characters, to tell keys apart; null for keys made before it was stored. */
  prefix: string | null;
  createdAt: Date;
  /** Refused after this; null = never expires. */
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  connectionAccess: ConnectionAccess;
  /** Null: every connection of its workspace. */
  connectionCodes: string[] | null;
}

/** What a request authenticated by an API key knows of its key. */
export type ApiKeyPrincipal = Pick<ApiKeyInfo, 'id' | 'name' | 'role' | 'connectionAccess' | 'connectionCodes'>;

export type Principal =
  | { kind: 'user'; user: UserInfo; workspace: WorkspaceInfo; sessionId: string }
  | { kind: 'apiKey'; apiKey: ApiKeyPrincipal; workspace: WorkspaceInfo };

/** How the principal appears in audit events ("actor"): display name / email, or key name. */
export function principalActor(principal: Principal): string {
  if (principal.kind === 'apiKey') return `API key "${principal.apiKey.name}"`;
  return principal.user.displayName || principal.user.email;
}
