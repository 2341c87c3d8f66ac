/**
 * The audit events of user administration: who (the admin, as `actor`) did what to which user
 * (email in the message, id in the details), recorded in the workspace the admin acted in, with
 * no connection (`connectionCode` empty). Never a password, not even a one-time one.
 */
import type { User } from '../persistence/entities/index.js';
import type { UserAuditEntry } from '../services/audit-service.js';
import type { Actor } from '../services/types.js';

/** The admin who changes a user, and the workspace they act in (where the event is recorded). */
export interface UserAdmin {
  workspaceId: string;
  actor: Actor;
}

/**
 * Who acts outside the console: the first start (the bootstrap admin) and the command line
 * (`create-user`). System actors with a name, so the log does not count them as the refresher's.
 */
export const firstStartActor: Actor = Object.freeze({ kind: 'system', id: null, name: 'first start' });
export const commandLineActor: Actor = Object.freeze({ kind: 'system', id: null, name: 'command line' });

/** What an audit event says of a user, before or after a change. */
export type UserSnapshot = Pick<User, 'id' | 'email' | 'displayName' | 'role' | 'disabled' | 'workspaceSlugs'>;

export function userSnapshot(user: UserSnapshot): UserSnapshot {
  const { id, email, displayName, role, disabled, workspaceSlugs } = user;
  return { id, email, displayName, role, disabled, workspaceSlugs: workspaceSlugs === null ? null : [...workspaceSlugs] };
}

const workspacesText = (slugs: readonly string[] | null): string => (slugs === null ? 'all workspaces' : slugs.join(', ') || 'none');

function entry(by: UserAdmin, type: UserAuditEntry['type'], user: UserSnapshot, message: string, changes?: object): UserAuditEntry {
  return {
    workspaceId: by.workspaceId,
    connectionId: null,
    connectionCode: '',
    type,
    actor: by.actor,
    message,
    details: { userId: user.id, email: user.email, ...(changes ? { changes } : {}) },
  };
}

export function userCreatedEntry(by: UserAdmin, user: UserSnapshot): UserAuditEntry {
  const where = workspacesText(user.workspaceSlugs);
  return entry(by, 'USER_CREATED', user, `Created user ${user.email} (${user.displayName}), role ${user.role}, workspaces: ${where}.`);
}

/** The event of an update: USER_DISABLED / USER_ENABLED when that changed, else USER_UPDATED; null when nothing changed. */
export function userUpdatedEntry(by: UserAdmin, before: UserSnapshot, after: UserSnapshot): UserAuditEntry | null {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const said: string[] = [];
  if (before.role !== after.role) {
    changes.role = { from: before.role, to: after.role };
    said.push(`role ${before.role} → ${after.role}`);
  }
  if (before.displayName !== after.displayName) {
    changes.displayName = { from: before.displayName, to: after.displayName };
    said.push(`name ${before.displayName} → ${after.displayName}`);
  }
  const [fromSlugs, toSlugs] = [workspacesText(before.workspaceSlugs), workspacesText(after.workspaceSlugs)];
  if (fromSlugs !== toSlugs) {
    changes.workspaceSlugs = { from: before.workspaceSlugs, to: after.workspaceSlugs };
    said.push(`workspaces ${fromSlugs} → ${toSlugs}`);
  }
  if (before.disabled !== after.disabled) changes.disabled = { from: before.disabled, to: after.disabled };
  if (Object.keys(changes).length === 0) return null;
  const rest = said.length > 0 ? `: ${said.join('; ')}` : '';
  if (before.disabled === after.disabled) return entry(by, 'USER_UPDATED', after, `Changed user ${after.email}${rest}.`, changes);
  const [type, verb] = after.disabled ? (['USER_DISABLED', 'Disabled'] as const) : (['USER_ENABLED', 'Enabled'] as const);
  return entry(by, type, after, `${verb} user ${after.email}${rest}.`, changes);
}

export function passwordResetEntry(by: UserAdmin, user: UserSnapshot): UserAuditEntry {
  return entry(by, 'USER_PASSWORD_RESET', user, `Reset the password of user ${user.email}: a new one-time password; their sessions ended.`);
}
