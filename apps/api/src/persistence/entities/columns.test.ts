import { describe, expect, it } from 'vitest';
import { ID_LENGTH, newId, newTimeOrderedId } from './columns.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('entity ids', () => {
  it('newTimeOrderedId is a UUIDv7 carrying its time in milliseconds', () => {
    const at = Date.UTC(2026, 11, 3, 3, 20, 0, 123);
    const id = newTimeOrderedId(at);
    expect(id).toMatch(UUID);
    expect(id).toHaveLength(ID_LENGTH);
    expect(id[14]).toBe('7');
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('orders by creation time (as text too, which is how the databases compare them)', () => {
    const start = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 1_000 }, (_, i) => newTimeOrderedId(start + i * 997));
    expect([...ids].sort()).toEqual(ids);
  });

  it('is random within one millisecond', () => {
    const at = Date.now();
    const ids = new Set(Array.from({ length: 10_000 }, () => newTimeOrderedId(at)));
    expect(ids.size).toBe(10_000);
  });

  it('newId stays a random UUIDv4 (ids that must not tell when they were made)', () => {
    const id = newId();
    expect(id).toMatch(UUID);
    expect(id[14]).toBe('4');
  });
});
