import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports: string[];
}

/** The entry chunks and everything they import statically: what the browser loads first. */
export function initialChunks(bundle: Record<string, { type: string }>): ChunkLike[] {
  const chunks = new Map<string, ChunkLike>();
  for (const item of Object.values(bundle)) {
    if (item.type === 'chunk') chunks.set((item as ChunkLike).fileName, item as ChunkLike);
  }
  const seen = new Set<string>();
  const queue = [...chunks.values()].filter((c) => c.isEntry).map((c) => c.fileName);
  while (queue.length > 0) {
    const name = queue.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const imported of chunks.get(name)?.imports ?? []) queue.push(imported);
  }
  return [...seen].map((name) => chunks.get(name)).filter((c): c is ChunkLike => c !== undefined);
}

/**
 * Prints the gzip size of the initial JavaScript after a production build and fails the build
 * when it exceeds `limitKiB`.
 */
export function initialJsBudget(limitKiB: number): Plugin {
  return {
    name: 'grantkeeper:initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const initial = initialChunks(bundle as unknown as Record<string, { type: string }>);
      const gzipBytes = initial.reduce((sum, chunk) => sum + gzipSync(chunk.code, { level: 9 }).length, 0);
      const kib = gzipBytes / 1024;
      const files = initial.map((c) => c.fileName).join(', ');
      const line = `initial JavaScript: ${kib.toFixed(1)} KiB gzip (limit ${limitKiB} KiB) in ${initial.length} file(s): ${files}`;
      console.log(`\n[budget] ${line}\n`);
      if (kib > limitKiB) this.error(`Initial JavaScript over budget: ${line}`);
    },
  };
}
