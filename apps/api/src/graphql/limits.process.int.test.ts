/**
 * Issue 9, finding 1: the built server (dist/main.js) in its own process under a 512 MB heap
 * (`NODE_OPTIONS=--max-old-space-size=512`, a typical container) stays alive and responsive
 * under anonymous alias bombs and the largest introspection a signed-in caller may send.
 * Needs `pnpm build` first (turbo runs the api's build before its tests).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtServerMain, startBuiltServer, type BuiltServer } from '../testing/built-server.js';
import { RecordingClient } from './test-support.js';

const bomb = (n: number) =>
  JSON.stringify({ query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: __schema { types { name } }`).join(' ')} }` });

describe('a server process with a 512 MB heap', () => {
  let server: BuiltServer;
  let dataDir: string;

  beforeAll(async () => {
    expect(existsSync(builtServerMain), 'apps/api/dist/main.js is missing: run `pnpm build` first').toBe(true);
    dataDir = await mkdtemp(join(tmpdir(), 'gk-limits-process-'));
    server = await startBuiltServer({
      NODE_OPTIONS: '--max-old-space-size=512',
      DATA_DIR: dataDir,
      BOOTSTRAP_ADMIN_EMAIL: 'admin@example.com',
      BOOTSTRAP_ADMIN_PASSWORD: 'process-test-password',
      LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    await server?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stays alive and answers /healthz while refusing alias bombs and answering the largest introspection allowed', async () => {
    const client = new RecordingClient(server.url);
    const cookie = await client.login('admin@example.com', 'process-test-password');
    const deepest = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: __schema { types { name description fields { name description args { name } type { name fields { name type { name } } } } } }`).join(' ')} }`;
    const started = performance.now();
    const bombs = Array.from({ length: 5 }, () =>
      client.raw({ method: 'POST', headers: { 'content-type': 'application/json' }, body: bomb(6_000) }),
    );
    const introspections = Array.from({ length: 5 }, () => client.gql(deepest, {}, { cookie }));
    const healthStarted = performance.now();
    const health = await fetch(`${server.url}/healthz`);
    const healthMs = performance.now() - healthStarted;
    const bombResults = await Promise.all(bombs);
    const introspectionResults = await Promise.all(introspections);
    const totalMs = performance.now() - started;
    console.log(
      `512 MB heap: 5 anonymous 6,000-alias bombs -> ${bombResults.map((r) => r.status).join(',')}; ` +
        `5 signed-in 15-alias introspections -> ${introspectionResults.map((r) => `${r.status}/${r.text.length}B`).join(',')}; ` +
        `/healthz ${health.status} in ${healthMs.toFixed(1)} ms; all in ${totalMs.toFixed(1)} ms`,
    );
    for (const res of bombResults) expect(res.status).toBe(400);
    for (const res of introspectionResults) expect(res.status).toBe(200);
    expect(health.status).toBe(200);
    expect(server.child.exitCode, server.output()).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
