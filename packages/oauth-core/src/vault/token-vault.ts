/**
 * The token vault: authenticated encryption of every secret Grantkeeper stores (access and
 * refresh tokens, client secrets, PKCE code verifiers).
 *
 * - AES-256-GCM with a fresh random 96-bit IV per value (never reused under one key).
 * - Additional authenticated data binds each value to `{ workspaceId, connectionId, field }`
 *   (and to the envelope version and key id): a ciphertext copied to another row or column
 *   does not decrypt.
 * - The key id is written into the envelope: decrypt with any configured key, encrypt with the
 *   active one; {@link TokenVault.isEncryptedWithActiveKey} tells a rotation job what to
 *   re-encrypt.
 *
 * @see https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-38d.pdf (GCM)
 * @see https://www.rfc-editor.org/rfc/rfc5116#section-2.1 (AEAD interface, AAD)
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { VaultError } from '../errors.js';
import { randomSlices } from './random-slices.js';
import { ENVELOPE_VERSION, IV_BYTES, TAG_BYTES, formatEnvelope, parseEnvelope } from './envelope.js';
import { VAULT_KEY_BYTES, isValidVaultKeyId, type VaultKey } from './master-key.js';

const ALGORITHM = 'aes-256-gcm';

/** IVs drawn from the CSPRNG at once (each 12-byte slice used for one value, never again). */
const IVS_PER_DRAW = 256;

/** What a stored value is bound to. Every member must be a non-empty string. */
export interface VaultAad {
  workspaceId: string;
  connectionId: string;
  /** The column or purpose, e.g. `access_token`, `refresh_token`, `client_secret`, `code_verifier`. */
  field: string;
}

export interface TokenVaultOptions {
  /** Encrypts every new value. */
  activeKey: VaultKey;
  /** Older keys, still accepted for decryption until every value is re-encrypted. */
  previousKeys?: readonly VaultKey[] | undefined;
}

/** Unambiguous AAD encoding: a JSON array, so no choice of ids can collide with another. */
function encodeAad(keyId: string, aad: VaultAad): Buffer {
  for (const name of ['workspaceId', 'connectionId', 'field'] as const) {
    const value: unknown = aad?.[name];
    if (typeof value !== 'string' || value.length === 0) {
      throw new TypeError(`VaultAad.${name} must be a non-empty string.`);
    }
  }
  return Buffer.from(JSON.stringify([ENVELOPE_VERSION, keyId, aad.workspaceId, aad.connectionId, aad.field]), 'utf8');
}

function checkKey(key: VaultKey): Buffer {
  if (!isValidVaultKeyId(key.id)) {
    throw new VaultError('INVALID_MASTER_KEY', 'A vault key id is invalid (use 1 to 32 of [A-Za-z0-9_-]).');
  }
  if (!(key.key instanceof Uint8Array) || key.key.length !== VAULT_KEY_BYTES) {
    throw new VaultError('INVALID_MASTER_KEY', `Vault key "${key.id}" is not ${VAULT_KEY_BYTES} bytes.`);
  }
  return Buffer.from(key.key); // a private copy: later changes to the caller's array do not leak in
}

export class TokenVault {
  readonly #activeKeyId: string;
  readonly #keys = new Map<string, Buffer>();
  /** A fresh random IV per value ({@link IVS_PER_DRAW} of them per CSPRNG draw; none handed out twice). */
  readonly #nextIv = randomSlices(IV_BYTES, IVS_PER_DRAW);

  constructor(opts: TokenVaultOptions) {
    const all = [opts.activeKey, ...(opts.previousKeys ?? [])];
    for (const key of all) {
      const bytes = checkKey(key);
      const existing = this.#keys.get(key.id);
      if (existing !== undefined && !existing.equals(bytes)) {
        throw new VaultError('INVALID_MASTER_KEY', `Two different vault keys share the id "${key.id}".`);
      }
      this.#keys.set(key.id, bytes);
    }
    this.#activeKeyId = opts.activeKey.id;
  }

  /** Id of the key new values are encrypted with. */
  get activeKeyId(): string {
    return this.#activeKeyId;
  }

  /** Encrypt `plaintext` (UTF-8) with the active key, bound to `aad`. */
  encrypt(plaintext: string, aad: VaultAad): string {
    if (typeof plaintext !== 'string') throw new TypeError('TokenVault.encrypt expects a string.');
    const keyId = this.#activeKeyId;
    const key = this.#keys.get(keyId) as Buffer;
    const iv = this.#nextIv();
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(encodeAad(keyId, aad));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return formatEnvelope(keyId, iv, body);
  }

  /**
   * Decrypt an envelope bound to `aad`. Throws `VaultError` `UNKNOWN_KEY_ID` when its key is
   * not configured, `DECRYPTION_FAILED` when it is malformed, tampered with, or bound to
   * another workspace, connection or field. Messages never quote the envelope or plaintext.
   */
  decrypt(envelope: string, aad: VaultAad): string {
    const parsed = parseEnvelope(envelope);
    if (parsed === undefined) {
      throw new VaultError('DECRYPTION_FAILED', 'The stored value is not a vault envelope.');
    }
    const key = this.#keys.get(parsed.keyId);
    if (key === undefined) {
      throw new VaultError('UNKNOWN_KEY_ID', `The stored value was encrypted with vault key "${parsed.keyId}", which is not configured.`);
    }
    const additionalData = encodeAad(parsed.keyId, aad);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, parsed.iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData);
      decipher.setAuthTag(parsed.tag);
      return decipher.update(parsed.ciphertext, undefined, 'utf8') + decipher.final('utf8');
    } catch {
      throw new VaultError(
        'DECRYPTION_FAILED',
        `A stored "${aad.field}" value failed authentication: it was altered, or belongs to another connection or field.`,
      );
    }
  }

  /**
   * True when `envelope` is well formed and names the active key; false otherwise (including
   * malformed values, which a rotation job should then report when it tries to decrypt them).
   */
  isEncryptedWithActiveKey(envelope: string): boolean {
    return parseEnvelope(envelope)?.keyId === this.#activeKeyId;
  }
}
