// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { consolePreset } from './theme-preset';

/** PrimeVue modules that are not styled components (or take their tokens from another one). */
const NO_TOKENS = new Set(['column', 'config', 'useconfirm', 'usetoast', 'toastservice', 'confirmationservice', 'inputicon']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(vue|ts)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the console theme preset', () => {
  it('has the tokens of every PrimeVue component the console imports (else it renders unstyled)', () => {
    const src = fileURLToPath(new URL('..', import.meta.url));
    const used = new Set(
      sources(src).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/['"]primevue\/([a-z]+)['"]/g)].map((m) => m[1]!)),
    );
    const missing = [...used].filter((name) => !NO_TOKENS.has(name) && !(name in consolePreset.components));
    expect(used.size).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });

  it('darkens the light primary colour to meet 4.5:1 on white', () => {
    expect(consolePreset.semantic.colorScheme.light.primary['color']).toBe('{primary.700}');
  });
});
