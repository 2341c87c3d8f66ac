/**
 * Where the api package is, and its version. Code is found at different depths below the
 * package: src/ under vitest, dist/ when compiled, and dist/main.js or a chunk under
 * dist/chunks/ in the server bundle (see scripts/bundle.mjs). So the package is found by walking
 * up to its package.json, never by a fixed relative path from a module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = '@grantkeeper/api';

interface Manifest {
  name?: string;
  version?: string;
}

function findPackage(from: string): { dir: string; manifest: Manifest } {
  for (let dir = from; ; dir = dirname(dir)) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      if (manifest.name === PACKAGE_NAME) return { dir, manifest };
    }
    if (dirname(dir) === dir) throw new Error(`No package.json of ${PACKAGE_NAME} above ${from}`);
  }
}

const found = findPackage(dirname(fileURLToPath(import.meta.url)));

/** The api package's directory (apps/api). */
export const packageDir = found.dir;

/** The api package's version, as GraphQL's `serverInfo.version` reports it. */
export const packageVersion = found.manifest.version ?? '0.0.0';

/** The tree this code runs from: `src` under vitest (TypeScript), else `dist` (compiled or bundled). */
export const codeDir = join(packageDir, import.meta.url.endsWith('.ts') ? 'src' : 'dist');
