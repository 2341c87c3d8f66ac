#!/usr/bin/env node
// `pnpm start`: start the API (serving the built console) without a build step when every build
// output is fresh, i.e. when each workspace package the console needs (apps/web and its
// workspace dependencies) has a `dist/` newer than every other file of that package and than
// the root's lockfile and build configuration. Otherwise run the turbo build first, as before.
// Set GK_START_BUILD=1 to always build first.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SKIPPED = new Set(['node_modules', 'dist', 'dist-bench', '.turbo', 'coverage']);
const ROOT_INPUTS = ['pnpm-lock.yaml', 'turbo.json', 'tsconfig.base.json'];

/** name -> directory of every workspace package. */
function workspacePackages() {
  const packages = new Map();
  for (const group of ['apps', 'packages']) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      const manifest = join(root, group, entry.name, 'package.json');
      if (entry.isDirectory() && existsSync(manifest))
        packages.set(JSON.parse(readFileSync(manifest, 'utf8')).name, join(root, group, entry.name));
    }
  }
  return packages;
}

/** The package and its workspace dependencies, transitively (as turbo's `--filter=<name>...`). */
function closure(name, packages, seen = new Set()) {
  if (seen.has(name) || !packages.has(name)) return seen;
  seen.add(name);
  const manifest = JSON.parse(readFileSync(join(packages.get(name), 'package.json'), 'utf8'));
  for (const deps of [manifest.dependencies, manifest.devDependencies]) {
    for (const [dep, range] of Object.entries(deps ?? {})) if (String(range).startsWith('workspace:')) closure(dep, packages, seen);
  }
  return seen;
}

/** [oldest, newest] modification time of the files under `dir` (skipping outputs when asked). */
function mtimes(dir, skipOutputs) {
  let oldest = Infinity;
  let newest = -Infinity;
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!(skipOutputs && SKIPPED.has(entry.name)) && entry.name !== 'node_modules') walk(join(path, entry.name));
      } else if (entry.isFile()) {
        const mtime = statSync(join(path, entry.name)).mtimeMs;
        oldest = Math.min(oldest, mtime);
        newest = Math.max(newest, mtime);
      }
    }
  };
  walk(dir);
  return [oldest, newest];
}

function builtAndFresh() {
  const packages = workspacePackages();
  const rootNewest = Math.max(...ROOT_INPUTS.filter((f) => existsSync(join(root, f))).map((f) => statSync(join(root, f)).mtimeMs));
  for (const name of closure('@grantkeeper/web', packages)) {
    const dir = packages.get(name);
    if (!existsSync(join(dir, 'dist'))) return false;
    const [builtAt] = mtimes(join(dir, 'dist'), false);
    const [, changedAt] = mtimes(dir, true);
    if (!(builtAt > Math.max(changedAt, rootNewest))) return false;
  }
  return true;
}

if (process.env.GK_START_BUILD === '1' || !builtAndFresh()) {
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
