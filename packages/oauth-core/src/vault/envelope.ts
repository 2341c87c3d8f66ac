/**
 * The vault's envelope: `gk1.<keyId>.<iv>.<ciphertext‖tag>`, the last two in unpadded base64url.
 * `gk1` versions the whole format (algorithm, AAD encoding); a future format gets a new prefix.
 */
import { decodeBase64UrlStrict, encodeBase64Url } from './base64.js';
import { isValidVaultKeyId } from './master-key.js';

export const ENVELOPE_VERSION = 'gk1';
/** 96-bit IV, the size GCM is defined for. @see https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-38d.pdf §8.2 */
export const IV_BYTES = 12;
/** Full 128-bit GCM authentication tag. */
export const TAG_BYTES = 16;

export interface ParsedEnvelope {
  keyId: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function formatEnvelope(keyId: string, iv: Uint8Array, ciphertextAndTag: Uint8Array): string {
  return `${ENVELOPE_VERSION}.${keyId}.${encodeBase64Url(iv)}.${encodeBase64Url(ciphertextAndTag)}`;
}

/** Parse the envelope's structure (not its authenticity); undefined when it is malformed. */
export function parseEnvelope(envelope: string): ParsedEnvelope | undefined {
  if (typeof envelope !== 'string') return undefined;
  const parts = envelope.split('.');
  if (parts.length !== 4) return undefined;
  const [version, keyId, ivText, bodyText] = parts as [string, string, string, string];
  if (version !== ENVELOPE_VERSION || !isValidVaultKeyId(keyId)) return undefined;
  const iv = decodeBase64UrlStrict(ivText);
  const body = decodeBase64UrlStrict(bodyText);
  if (iv?.length !== IV_BYTES || body === undefined || body.length < TAG_BYTES) return undefined;
  return {
    keyId,
    iv,
    ciphertext: body.subarray(0, body.length - TAG_BYTES),
    tag: body.subarray(body.length - TAG_BYTES),
  };
}

/** The key id of a well-formed envelope, or null (for rotation reports). */
export function readEnvelopeKeyId(envelope: string): string | null {
  return parseEnvelope(envelope)?.keyId ?? null;
}
