/**
 * `pnpm start` skips the build only when every output it starts from is fresh
 * (scripts/build-freshness.mjs, at the repository's root), checked here on a repository laid out
 * as ours in a temporary directory: the console (apps/web) and the API it depends on, with file
 * times set by hand.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

type BuiltAndFresh = (root: string) => boolean;
const { builtAndFresh } = (await import(new URL('../../../scripts/build-freshness.mjs', import.meta.url).href)) as {
  builtAndFresh: BuiltAndFresh;
};

const BUNDLE =
  '#!/usr/bin/env node\nimport { createRequire as __bundleCreateRequire } from \'node:module\'; const require = __bundleCreateRequire(import.meta.url);\nimport{a}from"./chunks/chunk-A.js";\n';
const TSC_ENTRY = "#!/usr/bin/env node\nimport 'reflect-metadata';\nimport { main } from './server.js';\n";

const SOURCES_AT = new Date('2026-12-01T10:00:00Z');
const BUILT_AT = new Date('2026-12-01T11:00:00Z');

describe('pnpm start: are the build outputs fresh', () => {
  let root: string;

  const write = (path: string, text: string, at: Date) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    utimesSync(file, at, at);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'gk-start-'));
    mkdirSync(join(root, 'packages'));
    write('pnpm-lock.yaml', 'lockfileVersion: 9.0\n', SOURCES_AT);
    write(
      'apps/web/package.json',
      JSON.stringify({ name: '@grantkeeper/web', devDependencies: { '@grantkeeper/api': 'workspace:*' } }),
      SOURCES_AT,
    );
    write('apps/web/src/main.ts', 'export {};\n', SOURCES_AT);
    write('apps/web/dist/index.html', '<!doctype html>\n', BUILT_AT);
    write('apps/api/package.json', JSON.stringify({ name: '@grantkeeper/api' }), SOURCES_AT);
    write('apps/api/src/main.ts', 'export {};\n', SOURCES_AT);
    write('apps/api/dist/main.js', BUNDLE, BUILT_AT);
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('are, when every dist/ is newer than its sources and the API is the server bundle', () => {
    expect(builtAndFresh(root)).toBe(true);
  });

  it("are not when the API's dist/main.js is tsc's unbundled entry (left by the API's dev script)", () => {
    write('apps/api/dist/main.js', TSC_ENTRY, BUILT_AT);
    expect(builtAndFresh(root)).toBe(false);
  });

  it('are not when a source changed after the build, or an output is missing', () => {
    write('apps/api/src/main.ts', 'export const changed = true;\n', new Date('2026-12-01T12:00:00Z'));
    expect(builtAndFresh(root)).toBe(false);
    write('apps/api/src/main.ts', 'export {};\n', SOURCES_AT);
    expect(builtAndFresh(root)).toBe(true);
    rmSync(join(root, 'apps/web/dist'), { recursive: true });
    expect(builtAndFresh(root)).toBe(false);
  });
});
