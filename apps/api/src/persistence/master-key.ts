/**
 * Where the vault's master key comes from: `MASTER_KEY` (base64, 32 bytes), else the file
 * `DATA_DIR/master.key` (mode 0600), generated on first start with a warning. Older keys stay
 * usable for decryption during a rotation: `MASTER_KEY_PREVIOUS` and, for the file-based key,
 * `DATA_DIR/master.key.previous` (one key per line, written by `cli rotate-master-key`).
 */
import { chmod, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TokenVault, generateMasterKey, parseMasterKey, type VaultKey } from '@grantkeeper/oauth-core';
import type { AppConfig } from '../config.js';
import type { Logger } from '../logger.js';

export const MASTER_KEY_FILE = 'master.key';
export const PREVIOUS_KEYS_FILE = 'master.key.previous';

export interface MasterKeys {
  active: VaultKey;
  previous: VaultKey[];
  /** `env` when MASTER_KEY is set, else `file`. */
  source: 'env' | 'file';
  /** Path of the key file (file source only). */
  keyFile: string | null;
  /** True when this call generated the key file. */
  created: boolean;
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The non-empty, non-comment lines of a key file; [] when it does not exist. */
export async function readKeyLines(path: string): Promise<string[]> {
  try {
    const text = await readFile(path, 'utf8');
    return text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
}

function parseAll(values: readonly string[], label: string): VaultKey[] {
  return values.map((v, i) => {
    try {
      return parseMasterKey(v);
    } catch (err) {
      throw new Error(`${label} #${i + 1} is not a valid master key: ${(err as Error).message}`);
    }
  });
}

/**
 * Read (or create) the master key file. Creating uses `O_EXCL`, so two processes starting at
 * once on one DATA_DIR agree on one key.
 */
async function readOrCreateKeyFile(path: string, logger?: Logger): Promise<{ key: string; created: boolean }> {
  try {
    const [first] = await readKeyLines(path);
    if (first !== undefined) {
      const mode = (await stat(path)).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        logger?.warn({ path, mode: mode.toString(8) }, 'The master key file is readable by other users; chmod 600 it.');
      }
      return { key: first, created: false };
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const key = generateMasterKey();
  try {
    await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(path, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateKeyFile(path, logger);
    throw err;
  }
  logger?.warn(
    { path },
    'MASTER_KEY is not set: generated a master key into DATA_DIR. Back this file up (without it the stored tokens and secrets cannot be decrypted), or set MASTER_KEY.',
  );
  return { key, created: true };
}

export async function loadMasterKeys(
  config: Pick<AppConfig, 'masterKey' | 'previousMasterKeys' | 'dataDir'>,
  logger?: Logger,
): Promise<MasterKeys> {
  const previousFromEnv = parseAll(config.previousMasterKeys, 'MASTER_KEY_PREVIOUS key');
  if (config.masterKey !== null) {
    return {
      active: parseMasterKey(config.masterKey),
      previous: previousFromEnv,
      source: 'env',
      keyFile: null,
      created: false,
    };
  }
  const keyFile = join(config.dataDir, MASTER_KEY_FILE);
  const { key, created } = await readOrCreateKeyFile(keyFile, logger);
  const previousFromFile = parseAll(await readKeyLines(join(config.dataDir, PREVIOUS_KEYS_FILE)), `${PREVIOUS_KEYS_FILE} line`);
  return {
    active: parseAll([key], MASTER_KEY_FILE)[0] as VaultKey,
    previous: [...previousFromEnv, ...previousFromFile],
    source: 'file',
    keyFile,
    created,
  };
}

export function createVault(keys: Pick<MasterKeys, 'active' | 'previous'>): TokenVault {
  const previous = keys.previous.filter((k) => k.id !== keys.active.id);
  return new TokenVault({ activeKey: keys.active, previousKeys: previous });
}

/** Replace a key file atomically (write a 0600 temp file, then rename over the old one). */
export async function writeKeyFile(path: string, keys: readonly string[]): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, keys.map((k) => `${k}\n`).join(''), { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}
