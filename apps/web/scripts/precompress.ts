import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text files worth compressing; images other than SVG and fonts are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest|ttf|eot)$/;

/** Below this many bytes a compressed copy saves less than its headers cost. */
export const MIN_BYTES = 1024;

/**
 * Writes `file.br` (quality 11) and `file.gz` (level 9) next to every compressible output file
 * of at least {@link MIN_BYTES}, when smaller than the original. The API's static handler sends
 * them to browsers that accept them (`@fastify/static` `preCompressed`), so nothing is compressed
 * per request.
 */
export async function precompressFile(path: string): Promise<string[]> {
  const content = await readFile(path);
  if (content.length < MIN_BYTES) return [];
  const [br, gz] = await Promise.all([
    brotli(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
    gzipAsync(content, { level: 9 }),
  ]);
  const written: string[] = [];
  for (const [suffix, data] of [
    ['.br', br],
    ['.gz', gz],
  ] as const) {
    if (data.length >= content.length) continue;
    await writeFile(`${path}${suffix}`, data);
    written.push(`${path}${suffix}`);
  }
  return written;
}

export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'grantkeeper:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => COMPRESSIBLE.test(name));
      const written = await Promise.all(files.map((name) => precompressFile(join(outDir, name))));
      console.log(`[precompress] ${written.flat().length} .br/.gz files for ${files.length} assets`);
    },
  };
}
