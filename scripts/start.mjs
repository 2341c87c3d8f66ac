#!/usr/bin/env node
// `pnpm start`: start the API (serving the built console) without a build step when every build
// output is fresh (scripts/build-freshness.mjs: each package's dist/ newer than its sources and
// the root's build inputs, the API's dist/main.js the server bundle). Otherwise run the turbo
// build first, as before. Set GK_START_BUILD=1 to always build first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtAndFresh } from './build-freshness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

if (process.env.GK_START_BUILD === '1' || !builtAndFresh(root)) {
  const local = join(root, 'node_modules/.bin/turbo');
  const turbo = spawnSync(
    existsSync(local) ? local : 'turbo',
    ['run', 'build', '--filter=@grantkeeper/web...', '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (turbo.error) console.error(`pnpm start: could not run turbo: ${turbo.error.message}`);
  if (turbo.status !== 0) process.exit(turbo.status ?? 1);
}
await import(pathToFileURL(join(root, 'apps/api/dist/main.js')).href);
