import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/index.js';
import { AuthorizationCache } from './authorization-cache.js';
import { notAuthorizedView } from './authorization-view.js';

describe('AuthorizationCache', () => {
  it('answers from memory until the key is invalidated through the bus', async () => {
    const bus = new InProcessEventBus();
    const cache = new AuthorizationCache({ bus });
    let loads = 0;
    const load = async () => {
      loads += 1;
      return notAuthorizedView('A');
    };
    await cache.get('w:A', load);
    await cache.get('w:A', load);
    expect(loads).toBe(1);
    await bus.publish('cache/invalidate', { cache: 'authorization', key: 'w:A' });
    await cache.get('w:A', load);
    expect(loads).toBe(2);
    await bus.publish('cache/invalidate', { cache: 'apiKey', key: 'w:A' });
    await cache.get('w:A', load);
    expect(loads).toBe(2);
    cache.close();
  });

  it('does not store a load that raced with an invalidation', async () => {
    const bus = new InProcessEventBus();
    const cache = new AuthorizationCache({ bus });
    let release!: () => void;
    const slow = cache.get('w:A', () => new Promise((resolve) => (release = () => resolve(notAuthorizedView('A')))));
    await bus.publish('cache/invalidate', { cache: 'authorization', key: 'w:A' });
    release();
    await slow;
    let loads = 0;
    await cache.get('w:A', async () => {
      loads += 1;
      return notAuthorizedView('A');
    });
    expect(loads).toBe(1);
    cache.close();
  });

  it('invalidate() drops the key elsewhere and keeps the new view here', async () => {
    const bus = new InProcessEventBus();
    const here = new AuthorizationCache({ bus });
    const there = new AuthorizationCache({ bus });
    await there.get('w:A', async () => notAuthorizedView('A'));
    await here.invalidate('w:A', { ...notAuthorizedView('A'), statusReason: 'new' });
    expect((await here.get('w:A', async () => notAuthorizedView('never'))).statusReason).toBe('new');
    expect((await there.get('w:A', async () => ({ ...notAuthorizedView('A'), statusReason: 'reloaded' }))).statusReason).toBe('reloaded');
    here.close();
    there.close();
  });
  it('replace() drops the key everywhere and stores the new view here only in place of a cached one', async () => {
    const bus = new InProcessEventBus();
    const here = new AuthorizationCache({ bus });
    const there = new AuthorizationCache({ bus });
    await here.get('w:A', async () => notAuthorizedView('A'));
    await there.get('w:A', async () => notAuthorizedView('A'));
    await here.replace('w:A', { ...notAuthorizedView('A'), statusReason: 'new' });
    await here.replace('w:B', { ...notAuthorizedView('B'), statusReason: 'new' });
    expect((await here.get('w:A', async () => notAuthorizedView('never'))).statusReason).toBe('new');
    expect((await there.get('w:A', async () => ({ ...notAuthorizedView('A'), statusReason: 'reloaded' }))).statusReason).toBe('reloaded');
    // Nobody had read B here: its view was not stored, the next read loads it.
    expect((await here.get('w:B', async () => ({ ...notAuthorizedView('B'), statusReason: 'loaded' }))).statusReason).toBe('loaded');
    here.close();
    there.close();
  });
});
