import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64UrlStrict, encodeBase64Url } from './base64.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The definition: a value is canonical when re-encoding its bytes gives it back. */
const canonical = (value: string) => Buffer.from(value, 'base64url').toString('base64url') === value;

describe('decodeBase64UrlStrict', () => {
  it('accepts exactly the canonical unpadded values, as re-encoding would decide', () => {
    for (let i = 0; i < 20_000; i += 1) {
      const value = Array.from({ length: randomInt(0, 13) }, () => ALPHABET[randomInt(0, 64)]).join('');
      const decoded = decodeBase64UrlStrict(value);
      expect(decoded !== undefined, value).toBe(canonical(value));
      if (decoded !== undefined) expect(decoded.toString('base64url')).toBe(value);
    }
  });

  it('refuses a lone trailing character, set bits past the last byte, padding and foreign characters', () => {
    expect(decodeBase64UrlStrict('')).toEqual(Buffer.alloc(0));
    expect(decodeBase64UrlStrict('AA')).toEqual(Buffer.from([0]));
    expect(decodeBase64UrlStrict('AAAAA')).toBeUndefined();
    expect(decodeBase64UrlStrict('AB')).toBeUndefined();
    expect(decodeBase64UrlStrict('AAB')).toBeUndefined();
    expect(decodeBase64UrlStrict('AAE')).toEqual(Buffer.from([0, 1]));
    expect(decodeBase64UrlStrict('AA==')).toBeUndefined();
    expect(decodeBase64UrlStrict('AA+/')).toBeUndefined();
    expect(decodeBase64UrlStrict('AA AA')).toBeUndefined();
  });
});

describe('encodeBase64Url', () => {
  it('encodes a Buffer, a slice of one and a plain Uint8Array alike', () => {
    const bytes = randomBytes(40);
    const slice = bytes.subarray(7, 29);
    expect(encodeBase64Url(bytes)).toBe(bytes.toString('base64url'));
    expect(encodeBase64Url(slice)).toBe(Buffer.from(slice).toString('base64url'));
    expect(encodeBase64Url(new Uint8Array(slice))).toBe(Buffer.from(slice).toString('base64url'));
    expect(encodeBase64Url(new Uint8Array(bytes.buffer, bytes.byteOffset + 3, 5))).toBe(bytes.subarray(3, 8).toString('base64url'));
  });
});
