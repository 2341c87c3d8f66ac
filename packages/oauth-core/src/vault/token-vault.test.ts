import { describe, expect, it } from 'vitest';
import { VaultError } from '../errors.js';
import { generateMasterKey, parseMasterKey } from './master-key.js';
import { TokenVault, type VaultAad } from './token-vault.js';

const aad: VaultAad = { workspaceId: 'ws-1', connectionId: 'conn-1', field: 'refresh_token' };
const secret = 'rt-SECRET-1f0c9a';

function vault(): TokenVault {
  return new TokenVault({ activeKey: parseMasterKey(generateMasterKey()) });
}

function expectVaultError(fn: () => unknown, code: string): VaultError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).code).toBe(code);
    return error as VaultError;
  }
  throw new Error('expected a VaultError');
}

/** Flip one bit of the base64url segment `index` of an envelope, keeping it well formed. */
function flip(envelope: string, index: number, byte = 0): string {
  const parts = envelope.split('.');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[byte] = bytes[byte]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('TokenVault', () => {
  it('round-trips text, including empty and non-ASCII values', () => {
    const v = vault();
    for (const text of [secret, '', 'ünïcødé ✓ 令牌', 'x'.repeat(10_000)]) {
      expect(v.decrypt(v.encrypt(text, aad), aad)).toBe(text);
    }
  });

  it('writes a compact versioned envelope that never contains the plaintext', () => {
    const v = vault();
    const envelope = v.encrypt(secret, aad);
    expect(envelope).toMatch(/^gk1\.[A-Za-z0-9_-]{1,32}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(envelope.split('.')[1]).toBe(v.activeKeyId);
    expect(envelope).not.toContain(secret);
    expect(Buffer.from(envelope.split('.')[3]!, 'base64url').toString('latin1')).not.toContain(secret);
  });

  it('gives different envelopes (fresh IVs) for the same plaintext', () => {
    const v = vault();
    const envelopes = new Set(Array.from({ length: 50 }, () => v.encrypt(secret, aad)));
    expect(envelopes.size).toBe(50);
    const ivs = new Set([...envelopes].map((e) => e.split('.')[2]));
    expect(ivs.size).toBe(50);
  });

  it('never hands out an IV twice, across many draws of the random source, and each still decrypts', () => {
    const v = vault();
    const count = 2000; // several draws of IVs
    const envelopes = Array.from({ length: count }, (_, i) => v.encrypt(`${secret}-${i}`, aad));
    expect(new Set(envelopes.map((e) => e.split('.')[2])).size).toBe(count);
    expect(envelopes.every((e, i) => v.decrypt(e, aad) === `${secret}-${i}`)).toBe(true);
  });

  it.each([
    ['IV', 2, 0],
    ['ciphertext', 3, 0],
    ['tag', 3, secret.length + 15],
  ])('rejects a tampered %s', (_name, index, byte) => {
    const v = vault();
    const envelope = v.encrypt(secret, aad);
    expectVaultError(() => v.decrypt(flip(envelope, index, byte), aad), 'DECRYPTION_FAILED');
  });

  it('rejects a truncated or malformed envelope', () => {
    const v = vault();
    const envelope = v.encrypt(secret, aad);
    const [version, keyId, iv, body] = envelope.split('.') as [string, string, string, string];
    for (const bad of [
      '',
      secret,
      envelope.slice(0, -4),
      `${version}.${keyId}.${iv}`,
      `${envelope}.extra`,
      `gk2.${keyId}.${iv}.${body}`,
      `${version}.${keyId}.${iv.slice(1)}.${body}`,
      `${version}.${keyId}.${iv}.${body.slice(0, 10)}`,
      `${version}.${keyId}.${iv}.${body}=`,
      `${version}.${keyId}.${iv}.${body.replace(/^./, '+')}`,
    ]) {
      expectVaultError(() => v.decrypt(bad, aad), 'DECRYPTION_FAILED');
    }
  });

  it.each([
    ['field', { ...aad, field: 'access_token' }],
    ['connection', { ...aad, connectionId: 'conn-2' }],
    ['workspace', { ...aad, workspaceId: 'ws-2' }],
  ])('does not decrypt a value copied to another %s', (_name, other) => {
    const v = vault();
    expectVaultError(() => v.decrypt(v.encrypt(secret, aad), other), 'DECRYPTION_FAILED');
  });

  it('does not let AAD members run into each other', () => {
    const v = vault();
    const envelope = v.encrypt(secret, { workspaceId: 'a', connectionId: 'b.c', field: 'd' });
    expectVaultError(() => v.decrypt(envelope, { workspaceId: 'a.b', connectionId: 'c', field: 'd' }), 'DECRYPTION_FAILED');
  });

  it('requires every AAD member', () => {
    const v = vault();
    expect(() => v.encrypt(secret, { ...aad, connectionId: '' })).toThrow(/connectionId/);
  });

  it('rotates: old envelopes decrypt with previousKeys, new ones use the active key', () => {
    const oldKey = parseMasterKey(generateMasterKey(), 'k2025');
    const newKey = parseMasterKey(generateMasterKey(), 'k2026');
    const before = new TokenVault({ activeKey: oldKey });
    const oldEnvelope = before.encrypt(secret, aad);

    const after = new TokenVault({ activeKey: newKey, previousKeys: [oldKey] });
    expect(after.activeKeyId).toBe('k2026');
    expect(after.isEncryptedWithActiveKey(oldEnvelope)).toBe(false);
    expect(after.decrypt(oldEnvelope, aad)).toBe(secret);

    const reEncrypted = after.encrypt(after.decrypt(oldEnvelope, aad), aad);
    expect(reEncrypted.split('.')[1]).toBe('k2026');
    expect(after.isEncryptedWithActiveKey(reEncrypted)).toBe(true);
    expect(after.isEncryptedWithActiveKey('not an envelope')).toBe(false);

    // Once the old key is dropped, its envelopes name a key that is not configured.
    const onlyNew = new TokenVault({ activeKey: newKey });
    const error = expectVaultError(() => onlyNew.decrypt(oldEnvelope, aad), 'UNKNOWN_KEY_ID');
    expect(error.message).toContain('k2025');
    expect(onlyNew.decrypt(reEncrypted, aad)).toBe(secret);
  });

  it('does not decrypt with a different key under the same id', () => {
    const a = new TokenVault({ activeKey: parseMasterKey(generateMasterKey(), 'same') });
    const b = new TokenVault({ activeKey: parseMasterKey(generateMasterKey(), 'same') });
    expectVaultError(() => b.decrypt(a.encrypt(secret, aad), aad), 'DECRYPTION_FAILED');
  });

  it('refuses two different keys with one id, and keys of the wrong size', () => {
    const one = parseMasterKey(generateMasterKey(), 'dup');
    const two = parseMasterKey(generateMasterKey(), 'dup');
    expectVaultError(() => new TokenVault({ activeKey: one, previousKeys: [two] }), 'INVALID_MASTER_KEY');
    expectVaultError(() => new TokenVault({ activeKey: { id: 'short', key: new Uint8Array(16) } }), 'INVALID_MASTER_KEY');
    expectVaultError(() => new TokenVault({ activeKey: { id: 'a.b', key: new Uint8Array(32).fill(1) } }), 'INVALID_MASTER_KEY');
  });

  it('is not affected by later changes to the caller key array', () => {
    const key = parseMasterKey(generateMasterKey());
    const v = new TokenVault({ activeKey: key });
    const envelope = v.encrypt(secret, aad);
    key.key.fill(7);
    expect(v.decrypt(envelope, aad)).toBe(secret);
  });

  it('never puts the plaintext, envelope or key into an error', () => {
    const keyText = generateMasterKey();
    const v = new TokenVault({ activeKey: parseMasterKey(keyText) });
    const envelope = v.encrypt(secret, aad);
    const errors = [
      expectVaultError(() => v.decrypt(flip(envelope, 3), aad), 'DECRYPTION_FAILED'),
      expectVaultError(() => v.decrypt(envelope, { ...aad, field: 'client_secret' }), 'DECRYPTION_FAILED'),
      expectVaultError(() => v.decrypt(envelope.slice(0, -2), aad), 'DECRYPTION_FAILED'),
    ];
    for (const error of errors) {
      const dump = `${error.message} ${error.stack ?? ''} ${JSON.stringify(error)}`;
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(envelope.split('.')[3]!.slice(0, 12));
      expect(dump).not.toContain(keyText);
    }
  });
});
