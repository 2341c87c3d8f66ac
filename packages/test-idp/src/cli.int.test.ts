import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('test-idp CLI (dist/cli.js, built by the test script)', () => {
  it('starts, prints issuer, clients and login, serves discovery, and stops cleanly on SIGTERM', { timeout: 30_000 }, async () => {
    const child = spawn(
      process.execPath,
      [cli, '--port', '0', '--interaction', 'auto', '--client', 'demo:demo-secret:http://localhost:4000/oauth/callback'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    const issuer = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        const match = /issuer: (http:\/\/\S+)/.exec(out);
        if (match?.[1] && out.includes('login: ')) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`CLI exited early with ${String(code)}: ${out}`)));
    });
    try {
      expect(out).toContain('client: demo (client_secret_basic) -> http://localhost:4000/oauth/callback');
      expect(out).toContain('login: alice / wonderland');
      expect(out).not.toContain('demo-secret');
      const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string };
      expect(discovery.issuer).toBe(issuer);
    } finally {
      const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
    }
  });
});
