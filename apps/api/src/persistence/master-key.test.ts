import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { generateMasterKey, parseMasterKey } from '@grantkeeper/oauth-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createVault, loadMasterKeys } from './master-key.js';

describe('master key loading', () => {
  let dataDir: string;
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _e, cb) {
        logLines.push(chunk.toString());
        cb();
      },
    }),
  });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gk-key-'));
    logLines.length = 0;
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('uses MASTER_KEY when set and never touches DATA_DIR', async () => {
    const key = generateMasterKey();
    const keys = await loadMasterKeys({ masterKey: key, previousMasterKeys: [], dataDir }, logger);
    expect(keys).toMatchObject({ source: 'env', keyFile: null, created: false });
    expect(keys.active.id).toBe(parseMasterKey(key).id);
    await expect(stat(join(dataDir, 'master.key'))).rejects.toThrow();
  });

  it('generates DATA_DIR/master.key once (mode 0600) with a warning that does not quote it', async () => {
    const first = await loadMasterKeys({ masterKey: null, previousMasterKeys: [], dataDir }, logger);
    expect(first).toMatchObject({ source: 'file', created: true, keyFile: join(dataDir, 'master.key') });
    expect((await stat(join(dataDir, 'master.key'))).mode & 0o777).toBe(0o600);
    const text = (await readFile(join(dataDir, 'master.key'), 'utf8')).trim();
    expect(logLines.join('')).toContain('MASTER_KEY is not set');
    expect(logLines.join('')).not.toContain(text);

    const second = await loadMasterKeys({ masterKey: null, previousMasterKeys: [], dataDir }, logger);
    expect(second.created).toBe(false);
    expect(second.active.id).toBe(first.active.id);
  });

  it('agrees on one key when two processes create it at the same moment', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => loadMasterKeys({ masterKey: null, previousMasterKeys: [], dataDir })),
    );
    expect(new Set(results.map((r) => r.active.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it('warns when the key file is readable by others, and rejects a corrupt one', async () => {
    await loadMasterKeys({ masterKey: null, previousMasterKeys: [], dataDir });
    await chmod(join(dataDir, 'master.key'), 0o644);
    await loadMasterKeys({ masterKey: null, previousMasterKeys: [], dataDir }, logger);
    expect(logLines.join('')).toContain('readable by other users');
    await writeFile(join(dataDir, 'master.key'), 'not-a-key\n');
    await expect(loadMasterKeys({ masterKey: null, previousMasterKeys: [], dataDir })).rejects.toThrow(
      /master\.key #1 is not a valid master key/,
    );
  });

  it('adds previous keys from MASTER_KEY_PREVIOUS and master.key.previous to the vault', async () => {
    const old1 = generateMasterKey();
    const old2 = generateMasterKey();
    await writeFile(join(dataDir, 'master.key.previous'), `# rotated\n${old2}\n`);
    const keys = await loadMasterKeys({ masterKey: null, previousMasterKeys: [old1], dataDir });
    expect(keys.previous.map((k) => k.id)).toEqual([parseMasterKey(old1).id, parseMasterKey(old2).id]);
    const aad = { workspaceId: 'w', connectionId: 'c', field: 'access_token' };
    const oldVault = createVault({ active: parseMasterKey(old2), previous: [] });
    const envelope = oldVault.encrypt('token', aad);
    expect(createVault(keys).decrypt(envelope, aad)).toBe('token');
    expect(createVault(keys).isEncryptedWithActiveKey(envelope)).toBe(false);
  });
});
