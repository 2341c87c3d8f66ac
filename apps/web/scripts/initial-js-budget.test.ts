import { describe, expect, it } from 'vitest';
import { initialChunks } from './initial-js-budget';

const chunk = (fileName: string, isEntry: boolean, imports: string[] = []) => ({ type: 'chunk', fileName, code: 'x', isEntry, imports });

describe('initialChunks', () => {
  it('counts the entry and its static imports, not lazily loaded pages', () => {
    const bundle = {
      'index.js': chunk('index.js', true, ['vendor.js']),
      'vendor.js': chunk('vendor.js', false, ['shared.js']),
      'shared.js': chunk('shared.js', false),
      'Page.js': chunk('Page.js', false, ['shared.js']),
      'style.css': { type: 'asset' },
    };
    expect(
      initialChunks(bundle)
        .map((c) => c.fileName)
        .sort(),
    ).toEqual(['index.js', 'shared.js', 'vendor.js']);
  });
});
