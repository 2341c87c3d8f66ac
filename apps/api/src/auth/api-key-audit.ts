/**
 * The audit events of a workspace's API keys: who (the admin, an admin API key, or the command
 * line, as `actor`) created or deleted which key, recorded in the key's workspace with no
 * connection (`connectionCode` empty). The message names the key by its name and visible prefix,
 * with what it may do; never the key itself (only its hash is stored, and the event has neither).
 */
import type { ApiKeyAuditEntry } from '../services/audit-service.js';
import type { Actor } from '../services/types.js';
import type { ApiKeyInfo } from './principal.js';

type ApiKeySnapshot = Pick<ApiKeyInfo, 'id' | 'name' | 'prefix' | 'role' | 'connectionAccess' | 'connectionCodes' | 'expiresAt'>;

function details(key: ApiKeySnapshot): Record<string, unknown> {
  const { id, name, prefix, role, connectionAccess, connectionCodes, expiresAt } = key;
  return { apiKeyId: id, name, prefix, role, connectionAccess, connectionCodes, expiresAt: expiresAt?.toISOString() ?? null };
}

/** `"ci" (gk_AbC123…)`: the key as the console lists it. */
const keyText = (key: ApiKeySnapshot): string => `"${key.name}"${key.prefix === null ? '' : ` (${key.prefix}…)`}`;

function accessText(key: ApiKeySnapshot): string {
  if (key.connectionAccess === 'NONE') return 'no connection access';
  const which = key.connectionCodes === null ? 'every connection' : key.connectionCodes.join(', ');
  return `connection access ${key.connectionAccess} to ${which}`;
}

function entry(workspaceId: string, by: Actor, type: ApiKeyAuditEntry['type'], key: ApiKeySnapshot, message: string): ApiKeyAuditEntry {
  return { workspaceId, connectionId: null, connectionCode: '', type, actor: by, message, details: details(key) };
}

export function apiKeyCreatedEntry(workspaceId: string, by: Actor, key: ApiKeySnapshot): ApiKeyAuditEntry {
  const expiry = key.expiresAt === null ? 'never expires' : `expires ${key.expiresAt.toISOString()}`;
  const message = `Created API key ${keyText(key)}, role ${key.role}, ${accessText(key)}, ${expiry}.`;
  return entry(workspaceId, by, 'API_KEY_CREATED', key, message);
}

export function apiKeyDeletedEntry(workspaceId: string, by: Actor, key: ApiKeySnapshot): ApiKeyAuditEntry {
  return entry(workspaceId, by, 'API_KEY_DELETED', key, `Deleted API key ${keyText(key)}, role ${key.role}; it is refused from now on.`);
}
