/**
 * Password hashing with scrypt (node:crypto): a random 16-byte salt per user, parameters stored
 * beside the hash so they can be raised later, timing-safe comparison.
 *
 * Format: `scrypt$<log2 N>$<r>$<p>$<salt b64url>$<hash b64url>`.
 * @see https://www.rfc-editor.org/rfc/rfc7914 (scrypt)
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** N = 2^14, r = 8 (16 MiB per hash): RFC 7914's interactive-login parameters. */
const LOG_N = 14;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEM = 128 * 1024 * 1024;

function derive(password: string, salt: Buffer, opts: ScryptOptions, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, { N: 2 ** LOG_N, r: R, p: P, maxmem: MAX_MEM }, KEY_LENGTH);
  return ['scrypt', LOG_N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every((n) => Number.isInteger(n) && n > 0) || logN > 20 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] as string, 'base64url');
  const expected = Buffer.from(parts[5] as string, 'base64url');
  if (salt.length < 8 || expected.length < 16) return false;
  const actual = await derive(password, salt, { N: 2 ** logN, r, p, maxmem: MAX_MEM }, expected.length);
  return timingSafeEqual(actual, expected);
}
