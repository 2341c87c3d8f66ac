import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/index.js';
import { ResponseCache } from './response-cache.js';

describe('ResponseCache', () => {
  it('only accepts single queries selecting authorization (and __typename)', () => {
    const cache = new ResponseCache({ bus: new InProcessEventBus() });
    expect(cache.cacheable('query($c: String!) { authorization(connectionCode: $c) { status } }')).toBe(true);
    expect(cache.cacheable('{ __typename a: authorization(connectionCode: "X") { status } }')).toBe(true);
    expect(cache.cacheable('{ authorization(connectionCode: "X") { status } connections { code } }')).toBe(false);
    expect(cache.cacheable('mutation { refreshToken(connectionCode: "X") { status } }')).toBe(false);
    expect(cache.cacheable('query A { authorization(connectionCode: "X") { status } } query B { me { id } }')).toBe(false);
    expect(cache.cacheable('{ ...F } fragment F on Query { connections { code } }')).toBe(false);
    expect(cache.cacheable('{ authorization(connectionCode: "X") @include(if: true) { status } }')).toBe(false);
    expect(cache.cacheable('{ authorization(')).toBe(false);
    expect(cache.cacheable(42)).toBe(false);
    cache.close();
  });

  it('drops a workspace when one of its authorizations changes, and skips stale stores', async () => {
    const bus = new InProcessEventBus();
    const cache = new ResponseCache({ bus });
    const key = ResponseCache.key(undefined, '{ authorization(connectionCode: "X") { status } }', {}, null);
    cache.set('w1', key, cache.generation('w1'), '{"data":1}', 'application/json');
    cache.set('w2', key, cache.generation('w2'), '{"data":2}', 'application/json');
    expect(cache.get('w1', key)?.body).toBe('{"data":1}');
    const generation = cache.generation('w1');
    await bus.publish('cache/invalidate', { cache: 'authorization', key: 'w1:X' });
    expect(cache.get('w1', key)).toBeUndefined();
    expect(cache.get('w2', key)?.body).toBe('{"data":2}');
    cache.set('w1', key, generation, '{"data":"stale"}', 'application/json');
    expect(cache.get('w1', key)).toBeUndefined();
    await bus.publish('cache/invalidate', { cache: 'authorization', key: null });
    expect(cache.get('w2', key)).toBeUndefined();
    cache.close();
  });
});
