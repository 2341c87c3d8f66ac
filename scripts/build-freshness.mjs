// Whether `pnpm start` (scripts/start.mjs) may skip the build: every workspace package the console
// needs (apps/web and its workspace dependencies, the API among them) has a `dist/` newer than
// every other file of that package and than the root's lockfile and build configuration, and the
// API's dist/main.js is the server bundle (scripts/bundle.mjs writes it). `pnpm --filter
// @grantkeeper/api dev` leaves tsc's unbundled entry there, newer than every source: started as it
// is, the server resolves and compiles about 2,000 modules one by one (about 0.8 s more).
import { Buffer } from 'node:buffer';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED = new Set(['node_modules', 'dist', 'dist-bench', '.turbo', 'coverage']);
const ROOT_INPUTS = ['pnpm-lock.yaml', 'turbo.json', 'tsconfig.base.json'];
/** The first line after the shebang of the server bundle (apps/api/scripts/bundle.mjs, its `banner`). */
const BUNDLE_BANNER = 'import { createRequire as __bundleCreateRequire }';

/** name -> directory of every workspace package. */
function workspacePackages(root) {
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

/** Whether the file begins as the server bundle does (its first 512 bytes hold the banner). */
function isServerBundle(file) {
  if (!existsSync(file)) return false;
  const head = Buffer.alloc(512);
  const fd = openSync(file, 'r');
  try {
    return head
      .subarray(0, readSync(fd, head, 0, head.length, 0))
      .toString('utf8')
      .includes(BUNDLE_BANNER);
  } finally {
    closeSync(fd);
  }
}

/** Whether every build output `pnpm start` needs under `root` (the repository) is there and fresh. */
export function builtAndFresh(root) {
  const packages = workspacePackages(root);
  const rootNewest = Math.max(...ROOT_INPUTS.filter((f) => existsSync(join(root, f))).map((f) => statSync(join(root, f)).mtimeMs));
  for (const name of closure('@grantkeeper/web', packages)) {
    const dir = packages.get(name);
    if (!existsSync(join(dir, 'dist'))) return false;
    const [builtAt] = mtimes(join(dir, 'dist'), false);
    const [, changedAt] = mtimes(dir, true);
    if (!(builtAt > Math.max(changedAt, rootNewest))) return false;
    if (name === '@grantkeeper/api' && !isServerBundle(join(dir, 'dist', 'main.js'))) return false;
  }
  return true;
}
