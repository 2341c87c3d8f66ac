import { parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/index.js';
import { isCacheableOperation, ResponseCache } from './response-cache.js';

function operation(query: string): OperationDefinitionNode {
  return parse(query).definitions[0] as OperationDefinitionNode;
}

const request = (code: string) => ({
  accept: 'application/json',
  query: 'query($c: String!) { authorization(connectionCode: $c) { status } }',
  variables: { c: code },
  operationName: undefined,
});

const answer = (body: string) => ({ body, contentType: 'application/json' });

describe('isCacheableOperation', () => {
  it('accepts queries selecting only authorization (and __typename)', () => {
    expect(isCacheableOperation(operation('query($c: String!) { authorization(connectionCode: $c) { status } }'))).toBe(true);
    expect(isCacheableOperation(operation('{ __typename a: authorization(connectionCode: "X") { status } }'))).toBe(true);
    expect(isCacheableOperation(operation('{ authorization(connectionCode: "X") { status } connections { code } }'))).toBe(false);
    expect(isCacheableOperation(operation('mutation { refreshToken(connectionCode: "X") { status } }'))).toBe(false);
    expect(isCacheableOperation(operation('{ ...F } fragment F on Query { connections { code } }'))).toBe(false);
    expect(isCacheableOperation(operation('{ authorization(connectionCode: "X") @include(if: true) { status } }'))).toBe(false);
  });
});

describe('ResponseCache', () => {
  it('keeps answers apart by workspace and request', () => {
    const cache = new ResponseCache({ bus: new InProcessEventBus() });
    cache.set(cache.key('w1', request('X'))!, answer('w1 X'));
    expect(cache.get(cache.key('w1', request('X'))!)?.body).toBe('w1 X');
    expect(cache.get(cache.key('w2', request('X'))!)).toBeUndefined();
    expect(cache.get(cache.key('w1', request('Y'))!)).toBeUndefined();
    expect(cache.get(cache.key('w1', { ...request('X'), accept: 'application/graphql-response+json' })!)).toBeUndefined();
    expect(cache.key('w1', { ...request('X'), query: 42 })).toBeUndefined();
    cache.close();
  });

  it('drops a workspace when one of its authorizations changes, and skips stores begun before', async () => {
    const bus = new InProcessEventBus();
    const cache = new ResponseCache({ bus });
    cache.set(cache.key('w1', request('X'))!, answer('w1'));
    cache.set(cache.key('w2', request('X'))!, answer('w2'));
    const before = cache.key('w1', request('X'))!;
    await bus.publish('cache/invalidate', { cache: 'authorization', key: 'w1:X' });
    expect(cache.get(cache.key('w1', request('X'))!)).toBeUndefined();
    expect(cache.get(cache.key('w2', request('X'))!)?.body).toBe('w2');
    cache.set(before, answer('stale')); // an answer computed before the change
    expect(cache.get(cache.key('w1', request('X'))!)).toBeUndefined();
    await bus.publish('cache/invalidate', { cache: 'authorization', key: null });
    expect(cache.get(cache.key('w2', request('X'))!)).toBeUndefined();
    cache.close();
  });

  it('is bounded: the least recently used answer leaves, not every answer', () => {
    const cache = new ResponseCache({ bus: new InProcessEventBus(), maxEntries: 2 });
    cache.set(cache.key('w1', request('A'))!, answer('A'));
    cache.set(cache.key('w1', request('B'))!, answer('B'));
    cache.get(cache.key('w1', request('A'))!);
    cache.set(cache.key('w1', request('C'))!, answer('C'));
    expect(cache.get(cache.key('w1', request('A'))!)?.body).toBe('A');
    expect(cache.get(cache.key('w1', request('B'))!)).toBeUndefined();
    expect(cache.get(cache.key('w1', request('C'))!)?.body).toBe('C');
    cache.close();
  });

  it('expires answers by the injected clock', () => {
    let now = 5_000;
    const cache = new ResponseCache({ bus: new InProcessEventBus(), ttlMs: 1_000, now: () => now });
    cache.set(cache.key('w1', request('A'))!, answer('A'));
    now += 1_000;
    expect(cache.get(cache.key('w1', request('A'))!)?.body).toBe('A');
    now += 1;
    expect(cache.get(cache.key('w1', request('A'))!)).toBeUndefined();
    cache.close();
  });
});
