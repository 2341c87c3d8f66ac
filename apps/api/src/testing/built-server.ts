/**
 * The built server (dist/main.js, the bundle `pnpm build` writes) in a process of its own, for
 * the tests that must see what `node apps/api/dist/main.js` does. Needs `pnpm build` first
 * (turbo builds the api before its tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const builtServerMain = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface BuiltServer {
  child: ChildProcess;
  /** Where it listens (from its banner). */
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** SIGTERM, then the exit code once it has exited. */
  stop(): Promise<number | null>;
}

/**
 * Starts dist/main.js with `env` over this process's, as in production (not vitest's
 * NODE_ENV=test, which some libraries treat differently); resolves once it prints where it
 * listens.
 */
export function startBuiltServer(env: Record<string, string>): Promise<BuiltServer> {
  const child = spawn(process.execPath, [builtServerMain], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      PUBLIC_URL: 'http://127.0.0.1',
      REDIS_URL: '',
      DATABASE_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const output = () => chunks.join('');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      chunks.push(chunk.toString());
      const match = /listening on (http:\/\/[^\s)]+)/.exec(output());
      if (match) resolve({ child, url: match[1] as string, output, stop });
    });
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    void exited.then((code) => reject(new Error(`dist/main.js exited with ${code}:\n${output()}`)));
  });
}
