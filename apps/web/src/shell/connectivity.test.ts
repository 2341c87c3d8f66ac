import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConnectivity, isChunkLoadError, probeDelayMs } from './connectivity';

afterEach(() => {
  vi.useRealTimers();
});

describe('connectivity', () => {
  it('backs off from half a second to at most three seconds', () => {
    expect([0, 1, 2, 3, 10].map(probeDelayMs)).toEqual([500, 1000, 2000, 3000, 3000]);
  });

  it('recognises a code chunk that could not be fetched', () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: http://x/assets/a.js'))).toBe(true);
    expect(isChunkLoadError(new Error('Unable to preload CSS for /assets/ErrorSummary-D5xtGRBZ.css'))).toBe(true);
    expect(isChunkLoadError(new Error('Something else'))).toBe(false);
  });

  it('probes until the server answers, then tells every listener once', async () => {
    vi.useFakeTimers();
    const answers = [false, false, true];
    const probe = vi.fn(async () => answers.shift() ?? true);
    const connectivity = createConnectivity('/readyz', probe);
    const back = vi.fn();
    connectivity.onBack(back);
    connectivity.lost();
    expect(connectivity.reachable.value).toBe(false);
    await vi.advanceTimersByTimeAsync(500 + 1000 + 2000);
    expect(probe).toHaveBeenCalledTimes(3);
    expect(connectivity.reachable.value).toBe(true);
    expect(back).toHaveBeenCalledTimes(1);
    connectivity.found();
    expect(back).toHaveBeenCalledTimes(1);
  });
});
