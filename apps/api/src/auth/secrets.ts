/** Random credentials and their stored form (hex SHA-256: the raw value is never stored). */
import { hash, randomBytes } from 'node:crypto';

export const API_KEY_PREFIX = 'gk_';

export function sha256Hex(value: string): string {
  // One-shot: no Hash object per call (an API key is hashed on every request it authenticates).
  return hash('sha256', value, 'hex');
}

/** A session token: 32 random bytes, base64url. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** An API key: `gk_` + 32 random bytes, base64url. */
export function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** A readable random password (for the one-time bootstrap admin password). */
export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}
