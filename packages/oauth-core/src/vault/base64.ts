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

/** Decode canonical base64url without padding (the vault's own envelopes); undefined otherwise. */
export function decodeBase64UrlStrict(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64url');
  return bytes.toString('base64url') === value ? bytes : undefined;
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
  return Buffer.from(bytes).toString('base64url');
}
