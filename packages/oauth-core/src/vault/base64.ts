/**
 * Strict base64 helpers for the vault: a value decodes only if re-encoding gives it back, so
 * trailing garbage, stray characters or non-canonical padding bits are never silently accepted
 * (Node's `Buffer.from(x, 'base64')` ignores all three).
 *
 * @see https://www.rfc-editor.org/rfc/rfc4648#section-4 (base64)
 * @see https://www.rfc-editor.org/rfc/rfc4648#section-5 (base64url)
 */

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/;
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/;

function stripPadding(value: string): string {
  return value.replace(/=+$/, '');
}

const URL_SAFE_UNPADDED = /^[A-Za-z0-9_-]*$/;
const URL_SAFE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Decode canonical base64url without padding (the vault's own envelopes); undefined otherwise.
 * Canonical is what re-encoding would give back, checked without re-encoding (a vault open runs
 * it twice): a length that leaves one character over carries no whole byte, and the last
 * character's bits past the final byte (4 of them after 2 characters, 2 after 3) must be zero.
 */
export function decodeBase64UrlStrict(value: string): Buffer | undefined {
  if (!URL_SAFE_UNPADDED.test(value)) return undefined;
  const over = value.length % 4;
  if (over === 1) return undefined;
  if (over !== 0 && (URL_SAFE_ALPHABET.indexOf(value[value.length - 1]!) & (over === 2 ? 0b1111 : 0b11)) !== 0) return undefined;
  return Buffer.from(value, 'base64url');
}

/**
 * Decode canonical standard or url-safe base64 (one alphabet, optional padding);
 * undefined when the text is anything else.
 */
export function decodeBase64Strict(value: string): Buffer | undefined {
  const standard = STANDARD.test(value);
  const urlSafe = URL_SAFE.test(value);
  if (!standard && !urlSafe) return undefined;
  const unpadded = stripPadding(value);
  if (value.length !== unpadded.length && value.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(unpadded, urlSafe ? 'base64url' : 'base64');
  const reencoded = stripPadding(bytes.toString(urlSafe ? 'base64url' : 'base64'));
  return reencoded === unpadded ? bytes : undefined;
}

export function encodeBase64Url(bytes: Uint8Array): string {
  // A Buffer is encoded as it is; Buffer.from would copy it first.
  return (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString('base64url');
}
