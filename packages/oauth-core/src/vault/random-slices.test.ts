import { describe, expect, it } from 'vitest';
import { randomSlices } from './random-slices.js';

describe('randomSlices', () => {
  it('hands out slices of the asked size, never the same bytes twice, across draws', () => {
    const next = randomSlices(12, 4);
    const slices = Array.from({ length: 10 }, () => next());
    expect(slices.every((slice) => slice.length === 12)).toBe(true);
    // Ten slices from three draws: all different (a reused slice would repeat its bytes).
    expect(new Set(slices.map((slice) => slice.toString('hex'))).size).toBe(10);
    // A slice is not overwritten by later draws: each draw fills a new buffer.
    const first = Buffer.from(slices[0]!);
    for (let i = 0; i < 20; i += 1) next();
    expect(slices[0]).toEqual(first);
  });
});
