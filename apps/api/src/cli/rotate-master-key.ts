/**
 * `rotate-master-key --new-key <base64> | --generate`: re-encrypt every stored secret under a
 * new master key in one transaction.
 *
 * With the file-based key (DATA_DIR/master.key) each step leaves a readable configuration:
 * 1. old and new key are added to master.key.previous (any restart can decrypt either);
 * 2. the transaction re-encrypts everything under the new key;
 * 3. master.key is replaced by the new key (atomic rename);
 * 4. master.key.previous keeps the old key(s), so values an instance still running with the
 *    old key writes before its restart stay readable.
 * With MASTER_KEY, the command prints what to set on every instance.
 */
import { join } from 'node:path';
import { generateMasterKey, parseMasterKey, type VaultKey } from '@grantkeeper/oauth-core';
import { rotateStoredSecrets } from '../persistence/key-rotation.js';
import { MASTER_KEY_FILE, PREVIOUS_KEYS_FILE, loadMasterKeys, readKeyLines, writeKeyFile } from '../persistence/master-key.js';
import type { CliContext } from './context.js';
import { UsageError, type CliIo } from './io.js';

function encode(key: VaultKey): string {
  return Buffer.from(key.key).toString('base64');
}

function unique(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const id = parseMasterKey(v).id;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export async function rotateMasterKeyCommand(ctx: CliContext, args: { newKey?: string; generate?: boolean }, io: CliIo): Promise<void> {
  if ((args.newKey === undefined) === (args.generate !== true)) {
    throw new UsageError('Give exactly one of --new-key <base64 of 32 bytes> or --generate.');
  }
  let newKey: VaultKey;
  try {
    newKey = parseMasterKey(args.newKey ?? generateMasterKey());
  } catch (err) {
    throw new UsageError(`--new-key: ${(err as Error).message}`);
  }
  const current = await loadMasterKeys(ctx.config, ctx.logger);
  if (newKey.id === current.active.id) throw new UsageError('The new key is the key already in use.');
  const oldKeys = [current.active, ...current.previous];

  if (current.source === 'file') {
    const dataDir = ctx.config.dataDir;
    const previousFile = join(dataDir, PREVIOUS_KEYS_FILE);
    const keptPrevious = unique([...(await readKeyLines(previousFile)), encode(current.active)]);
    await writeKeyFile(previousFile, unique([...keptPrevious, encode(newKey)]));
    const report = await rotateStoredSecrets({ orm: ctx.orm, oldKeys, newKey });
    await writeKeyFile(join(dataDir, MASTER_KEY_FILE), [encode(newKey)]);
    await writeKeyFile(
      previousFile,
      keptPrevious.filter((k) => parseMasterKey(k).id !== newKey.id),
    );
    io.out(
      `Re-encrypted ${report.reEncrypted} stored value(s) (${report.connections} connection(s), ` +
        `${report.authorizations} authorization(s), ${report.clientCredentialsTokens} client credentials token(s), ${report.pendingFlows} pending flow(s)) under key ${newKey.id}.`,
    );
    io.out(`Wrote the new key to ${join(dataDir, MASTER_KEY_FILE)}; the old key stays in ${previousFile}.`);
    io.out('Restart every running instance now so it encrypts with the new key.');
    return;
  }

  const report = await rotateStoredSecrets({ orm: ctx.orm, oldKeys, newKey });
  io.out(
    `Re-encrypted ${report.reEncrypted} stored value(s) (${report.connections} connection(s), ` +
      `${report.authorizations} authorization(s), ${report.clientCredentialsTokens} client credentials token(s), ${report.pendingFlows} pending flow(s)) under key ${newKey.id}.`,
  );
  io.out('MASTER_KEY is set in the environment: update it on every instance and restart them:');
  if (args.generate === true) {
    io.out('');
    io.out(`  MASTER_KEY=${encode(newKey)}`);
    io.out('');
    io.out('(This generated key is shown only this once.)');
  } else {
    io.out('  MASTER_KEY=<the key you passed with --new-key>');
  }
  io.out('  MASTER_KEY_PREVIOUS=<your current MASTER_KEY>   (keep it until every instance has restarted)');
}
