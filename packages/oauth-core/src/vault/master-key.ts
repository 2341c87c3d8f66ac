/**
 * Master keys of the token vault: 32 random bytes (AES-256), given to the API as base64.
 */
import { createHash, randomBytes } from 'node:crypto';
import { VaultError } from '../errors.js';
import { decodeBase64Strict } from './base64.js';

/** Length of an AES-256 key in bytes. */
export const VAULT_KEY_BYTES = 32;

/** Key ids appear in every envelope: short, and never containing the envelope separator `.`. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** One configured master key. `key` is exactly 32 bytes. */
export interface VaultKey {
  /**
   * Identifier written into (and authenticated with) every envelope encrypted with this key.
   * Keep it stable: renaming a key makes its existing envelopes undecryptable.
   */
  id: string;
  key: Uint8Array;
}

export function isValidVaultKeyId(id: string): boolean {
  return KEY_ID.test(id);
}

/**
 * A short, stable, non-secret fingerprint of a key: the first 8 hex characters of a
 * domain-separated SHA-256 of the key bytes.
 */
export function vaultKeyFingerprint(key: Uint8Array): string {
  return createHash('sha256').update('grantkeeper/vault-key-id/v1\0').update(key).digest('hex').slice(0, 8);
}

/**
 * Parse a master key: exactly 32 bytes written as canonical standard or url-safe base64
 * (padding optional; surrounding whitespace such as a trailing newline is ignored). Anything
 * else — wrong length, stray characters, mixed alphabets, an all-zero key — throws
 * `VaultError` `INVALID_MASTER_KEY`, whose message never quotes the value.
 *
 * @param id key id for envelopes (`[A-Za-z0-9_-]{1,32}`); defaults to {@link vaultKeyFingerprint}.
 */
export function parseMasterKey(base64: string, id?: string): VaultKey {
  const text = typeof base64 === 'string' ? base64.trim() : '';
  const bytes = decodeBase64Strict(text);
  if (bytes === undefined) {
    throw new VaultError('INVALID_MASTER_KEY', 'The master key is not valid base64.');
  }
  if (bytes.length !== VAULT_KEY_BYTES) {
    throw new VaultError(
      'INVALID_MASTER_KEY',
      `The master key must decode to exactly ${VAULT_KEY_BYTES} bytes (it decodes to ${bytes.length}).`,
    );
  }
  if (bytes.every((b) => b === 0)) {
    throw new VaultError('INVALID_MASTER_KEY', 'The master key is all zero bytes; generate a random key.');
  }
  if (id !== undefined && !isValidVaultKeyId(id)) {
    throw new VaultError('INVALID_MASTER_KEY', 'The master key id must be 1 to 32 characters of letters, digits, "-" or "_".');
  }
  const key = new Uint8Array(bytes);
  return { id: id ?? vaultKeyFingerprint(key), key };
}

/** A new random master key, as standard base64 of 32 bytes from the CSPRNG. */
export function generateMasterKey(): string {
  return randomBytes(VAULT_KEY_BYTES).toString('base64');
}
