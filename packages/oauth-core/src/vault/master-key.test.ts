import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../errors.js';
import { generateMasterKey, parseMasterKey, vaultKeyFingerprint } from './master-key.js';

function rejects(value: string, id?: string): VaultError {
  try {
    parseMasterKey(value, id);
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).code).toBe('INVALID_MASTER_KEY');
    if (typeof value === 'string' && value.length > 4) expect((error as Error).message).not.toContain(value.trim());
    return error as VaultError;
  }
  throw new Error('expected INVALID_MASTER_KEY');
}

describe('generateMasterKey', () => {
  it('returns standard base64 of 32 random bytes', () => {
    const a = generateMasterKey();
    expect(a).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(generateMasterKey()).not.toBe(a);
  });
});

describe('parseMasterKey', () => {
  const bytes = randomBytes(32);
  bytes[0] = 0xfb; // guarantees '+' or '/' in standard and '-' or '_' in url-safe text
  bytes[1] = 0xff;
  const standard = bytes.toString('base64');
  const urlSafe = bytes.toString('base64url');

  it('accepts standard and url-safe base64, padded or not, with surrounding whitespace', () => {
    for (const text of [standard, standard.replace(/=$/, ''), urlSafe, `${urlSafe}=`, `  ${standard}\n`]) {
      const key = parseMasterKey(text);
      expect(Buffer.from(key.key).equals(bytes)).toBe(true);
    }
  });

  it('derives a short stable id from the key, or takes the given one', () => {
    const a = parseMasterKey(standard);
    expect(a.id).toMatch(/^[0-9a-f]{8}$/);
    expect(parseMasterKey(urlSafe).id).toBe(a.id);
    expect(a.id).toBe(vaultKeyFingerprint(bytes));
    expect(parseMasterKey(generateMasterKey()).id).not.toBe(a.id);
    expect(parseMasterKey(standard, 'primary-2026').id).toBe('primary-2026');
  });

  it.each([
    ['empty', ''],
    ['16 bytes', randomBytes(16).toString('base64')],
    ['31 bytes', randomBytes(31).toString('base64')],
    ['33 bytes', randomBytes(33).toString('base64')],
    ['64 bytes', randomBytes(64).toString('base64')],
    ['hex of 32 bytes', randomBytes(32).toString('hex')],
    ['a passphrase', 'correct horse battery staple, twice over!!'],
    ['junk characters', `${standard.slice(0, 40)}$%^=`],
    ['mixed alphabets', `${standard.slice(0, 42).replace(/[A-Za-z0-9]/, '-')}+A=`],
    ['inner whitespace', `${standard.slice(0, 20)} ${standard.slice(20)}`],
    ['trailing garbage', `${standard}AAAA`],
    ['non-canonical last character', `${standard.slice(0, 42)}${standard[42] === 'B' ? 'C' : 'B'}=`],
    ['too much padding', `${standard}=`],
    ['all zero', Buffer.alloc(32).toString('base64')],
  ])('rejects %s', (_name, value) => {
    rejects(value);
  });

  it('rejects key ids that cannot live in an envelope', () => {
    for (const id of ['', 'a.b', 'x'.repeat(33), 'with space']) rejects(standard, id);
  });

  it('rejects non-string input', () => {
    rejects(undefined as unknown as string);
  });
});
