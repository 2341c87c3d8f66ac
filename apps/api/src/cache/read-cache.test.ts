import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/index.js';
import { ReadCache } from './read-cache.js';

interface Entry {
  id: string;
  value: string;
}

function cache(options: { bus?: InProcessEventBus; max?: number; ttlMs?: number; now?: () => number } = {}) {
  return new ReadCache<Entry>({
    name: 'apiKey',
    bus: options.bus ?? new InProcessEventBus(),
    max: options.max ?? 100,
    ttlMs: options.ttlMs ?? 60_000,
    invalidationKey: (entry) => entry.id,
    ...(options.now ? { now: options.now } : {}),
  });
}

describe('ReadCache', () => {
  it('evicts the least recently used entry when full, and only that one', () => {
    const c = cache({ max: 3 });
    c.set('a', { id: '1', value: 'a' });
    c.set('b', { id: '2', value: 'b' });
    c.set('c', { id: '3', value: 'c' });
    c.get('a'); // a is now the most recently used
    c.set('d', { id: '4', value: 'd' });
    expect(c.get('b')).toBeUndefined();
    expect([c.get('a')?.value, c.get('c')?.value, c.get('d')?.value]).toEqual(['a', 'c', 'd']);
    expect(c.size).toBe(3);
    c.close();
  });

  it('expires entries after the TTL of the injected clock', () => {
    let now = 1_000;
    const c = cache({ ttlMs: 500, now: () => now });
    c.set('a', { id: '1', value: 'a' });
    now += 500;
    expect(c.get('a')?.value).toBe('a');
    now += 1;
    expect(c.get('a')).toBeUndefined();
    c.close();
  });

  it('shares one load between concurrent callers and does not store null', async () => {
    const c = cache();
    let loads = 0;
    const load = async () => {
      loads += 1;
      return { id: '1', value: 'loaded' };
    };
    const [first, second] = await Promise.all([c.load('a', load), c.load('a', load)]);
    expect(first).toBe(second);
    expect(loads).toBe(1);
    expect(await c.load('missing', async () => null)).toBeNull();
    expect(c.get('missing')).toBeUndefined();
    c.close();
  });

  it('drops what another instance invalidates, by cache key or by invalidation key', async () => {
    const bus = new InProcessEventBus();
    const here = cache({ bus });
    const there = cache({ bus });
    there.set('hash-1', { id: '1', value: 'one' });
    there.set('hash-2', { id: '2', value: 'two' });
    there.set('hash-3', { id: '3', value: 'three' });
    await here.invalidate('1'); // an id: found through the invalidation key
    await here.invalidate('hash-2'); // a cache key
    expect(there.get('hash-1')).toBeUndefined();
    expect(there.get('hash-2')).toBeUndefined();
    expect(there.get('hash-3')?.value).toBe('three');
    await bus.publish('cache/invalidate', { cache: 'session', key: 'hash-3' }); // another cache's event
    expect(there.get('hash-3')?.value).toBe('three');
    await here.invalidate(null);
    expect(there.size).toBe(0);
    here.close();
    there.close();
  });

  it('does not store a load that raced with an invalidation, but still answers it', async () => {
    const bus = new InProcessEventBus();
    const c = cache({ bus });
    let release!: (entry: Entry) => void;
    const slow = c.load('hash-1', () => new Promise<Entry>((resolve) => (release = resolve)));
    await bus.publish('cache/invalidate', { cache: 'apiKey', key: '1' });
    release({ id: '1', value: 'before the deletion' });
    expect((await slow).value).toBe('before the deletion');
    expect(c.get('hash-1')).toBeUndefined();
    c.close();
  });
});
