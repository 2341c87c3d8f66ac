/**
 * An API key's access to connections' credentials (contract v2 `ConnectionAccess`): NONE (GraphQL
 * only), PROXY (also /proxy), TOKEN (also `accessToken`), optionally limited to some connection
 * codes. Console sessions never get PROXY or TOKEN access.
 */
import { connectionCodePattern } from '@grantkeeper/schema';
import { connectionAccessLevels, type ConnectionAccess } from '../persistence/entities/index.js';
import { badInput } from '../services/errors.js';
import type { Principal } from './principal.js';

export interface ConnectionAccessInput {
  connectionAccess?: ConnectionAccess | null | undefined;
  connectionCodes?: readonly string[] | null | undefined;
}

/** Validated access level and codes (codes deduplicated; null = every connection of the workspace). */
export function validateConnectionAccess(input: ConnectionAccessInput): {
  connectionAccess: ConnectionAccess;
  connectionCodes: string[] | null;
} {
  const connectionAccess = input.connectionAccess ?? 'NONE';
  if (!connectionAccessLevels.includes(connectionAccess)) {
    throw badInput('"connectionAccess" must be NONE, PROXY or TOKEN.');
  }
  if (input.connectionCodes === null || input.connectionCodes === undefined) {
    return { connectionAccess, connectionCodes: null };
  }
  if (input.connectionCodes.length > 500) throw badInput('"connectionCodes" must have at most 500 entries.');
  for (const code of input.connectionCodes) {
    if (typeof code !== 'string' || !connectionCodePattern.test(code)) {
      throw badInput('Each of "connectionCodes" must be a connection code (A-Z, 0-9, "_" or "-", at most 50).');
    }
  }
  return { connectionAccess, connectionCodes: [...new Set(input.connectionCodes)] };
}

/**
 * May this principal use the credentials of connection `code` at `level`? Only API keys can;
 * TOKEN includes PROXY.
 */
export function mayUseConnection(principal: Principal | null, code: string, level: 'PROXY' | 'TOKEN'): boolean {
  if (principal?.kind !== 'apiKey') return false;
  const { connectionAccess, connectionCodes } = principal.apiKey;
  const granted = connectionAccess === 'TOKEN' || (connectionAccess === 'PROXY' && level === 'PROXY');
  return granted && (connectionCodes === null || connectionCodes.includes(code));
}
