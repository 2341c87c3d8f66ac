/**
 * The real Grantkeeper app as the benches start it: a temp DATA_DIR with SQLite, a random master
 * key, a bootstrap admin, listening on a free port of 127.0.0.1, and a VIEWER API key in the
 * default workspace. `close` stops it and removes the data directory.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../app.js';
import { loadConfig } from '../config.js';

export interface BenchApp {
  app: App;
  /** http://127.0.0.1:<port> */
  url: string;
  workspaceId: string;
  /** A VIEWER API key of the default workspace. */
  viewerKey: string;
  close(): Promise<void>;
}

/** `dataDirPrefix` names the temp directory (e.g. `gk-bench-fanout-`). */
export async function startBenchApp(dataDirPrefix: string): Promise<BenchApp> {
  const dataDir = await mkdtemp(join(tmpdir(), dataDirPrefix));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    BOOTSTRAP_ADMIN_EMAIL: 'bench@grantkeeper.test',
    BOOTSTRAP_ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
  });
  const app = await createApp(config);
  const url = await app.start();
  const workspace = await app.auth.workspaces.ensureDefault();
  const { key } = await app.auth.apiKeys.create({ workspaceId: workspace.id, name: 'bench viewer', role: 'VIEWER' });
  return {
    app,
    url,
    workspaceId: workspace.id,
    viewerKey: key,
    close: async () => {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
