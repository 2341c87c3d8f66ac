#!/usr/bin/env node
/**
 * The server bundle, the last step of `pnpm build`: tsc has compiled src/ to dist/ (with the
 * decorator metadata MikroORM and type-graphql read), and this bundles dist/main.js with
 * everything it imports, workspace packages and node_modules alike, into dist/main.js, plus
 * dist/chunks/ for what is loaded only on demand (the migrator, the PostgreSQL driver).
 * Starting the server then reads a few files instead of resolving, reading and compiling about
 * 2,000 modules one by one, which was most of its start-up time (docs/performance.md).
 *
 * The rest of dist/ stays as tsc wrote it: the CLI (dist/cli.js), emit-schema, and the compiled
 * migrations, whose file names the start-up check lists (persistence/migration-check.ts).
 * Whitespace is minified (names are kept); source maps chain back to src/, so stack traces read
 * as src/ lines under `node --enable-source-maps apps/api/dist/main.js`.
 *
 * Left out of the bundle, loaded from node_modules when needed:
 * - better-sqlite3, a native addon (a direct dependency, so the bundle's require finds it);
 * - ioredis, loaded only with REDIS_URL (events/index.ts);
 * - what knex, pg, MikroORM or type-graphql would load only for features Grantkeeper does not use
 *   (other databases' drivers, pg-native, class-validator).
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(packageDir, 'dist');
const NATIVE_OR_LAZY = ['better-sqlite3', 'ioredis'];
const NEVER_LOADED = [
  ...['sqlite3', 'libsql', 'mysql', 'mysql2', 'mariadb/callback', 'oracledb', 'tedious'],
  ...['pg-native', 'class-validator'],
];

/**
 * @mikro-orm/core reads its own version with `require('../../package.json')` first (a path for
 * its source layout, which esbuild cannot resolve and leaves to run time) and checks every
 * @mikro-orm/* package against it. From the bundle's location that path is the api's own
 * package.json, so it is pointed at the core's package.json here, which esbuild then inlines.
 */
const mikroOrmOwnVersion = {
  name: 'mikro-orm-own-version',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/\.\.\/package\.json$/ }, ({ importer }) =>
      /[\\/]@mikro-orm[\\/]core[\\/]utils[\\/]Utils\.js$/.test(importer)
        ? { path: join(dirname(importer), '..', 'package.json') }
        : undefined,
    );
  },
};

// Built in memory for a sibling directory (esbuild will not overwrite its own input, dist/main.js)
// at the same depth, so that the paths inside the source maps stay right when written to dist/.
const staging = join(packageDir, 'dist-bundle');
const result = await build({
  entryPoints: { main: join(dist, 'main.js') },
  outdir: staging,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // MikroORM names entities and type-graphql names types after their classes.
  keepNames: true,
  // Less to read and parse, and no comment left to make the source non-ASCII (V8 then holds it
  // as two-byte text, decoded and parsed more slowly): about 0.1-0.2 s of each start. The
  // licence comments of the bundled packages go to main.js.LEGAL.txt and chunks' own.
  minifyWhitespace: true,
  legalComments: 'linked',
  sourcemap: 'linked',
  external: [...NATIVE_OR_LAZY, ...NEVER_LOADED],
  plugins: [mikroOrmOwnVersion],
  // CommonJS code inside the bundle calls require() for node: built-ins and the externals.
  banner: {
    js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  write: false,
});
await rm(join(dist, 'chunks'), { recursive: true, force: true });
for (const file of result.outputFiles) {
  const target = join(dist, relative(staging, file.path));
  await mkdir(dirname(target), { recursive: true });
  await writeFile(`${target}.tmp`, file.contents);
  await rename(`${target}.tmp`, target);
}
