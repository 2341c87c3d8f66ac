import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@grantkeeper/test-idp';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
export const webDist = join(repoRoot, 'apps/web/dist');

export interface ApiProcess {
  url: string;
  port: number;
  /** Everything the server printed (for the secret scan and for diagnosis). */
  output(): string;
  /** Runs the API's CLI (apps/api/dist/cli.js) against the same data directory. */
  cli(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export interface ApiOptions {
  adminEmail: string;
  adminPassword: string;
  port?: number;
  env?: Record<string, string>;
}

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The API exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The API did not become ready:\n${output()}`);
}

/** Starts the real API (apps/api/dist/main.js) on a free port with a fresh SQLite data dir. */
export async function startApi(options: ApiOptions): Promise<ApiProcess> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'gk-web-e2e-'));
  const chunks: string[] = [];
  const main = process.env['GK_API_MAIN'] ?? join(repoRoot, 'apps/api/dist/main.js');
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    BOOTSTRAP_ADMIN_EMAIL: options.adminEmail,
    BOOTSTRAP_ADMIN_PASSWORD: options.adminPassword,
    WEB_DIST_DIR: webDist,
    REFRESHER_INTERVAL_MS: '2000',
    REFRESH_MARGIN_SECONDS: '300',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const child = spawn(process.execPath, [main], {
    cwd: join(repoRoot, 'apps/api'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => chunks.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => chunks.push(d.toString()));
  const output = (): string => chunks.join('');
  await waitUntilReady(url, child, output);
  return {
    url,
    port,
    output,
    async cli(args) {
      const { stdout } = await promisify(execFile)(process.execPath, [join(main, '../cli.js'), ...args], {
        cwd: join(repoRoot, 'apps/api'),
        env,
      });
      return stdout;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
