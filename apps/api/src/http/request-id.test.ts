import { describe, expect, it } from 'vitest';
import { randomRequestId, safeRequestId } from './request-id.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('are version-4 UUIDs, all different, across refills of the pool', () => {
    const ids = Array.from({ length: 1_000 }, () => randomRequestId());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('use every hex digit in the random positions (not a counter or a fixed pattern)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i += 1) for (const c of randomRequestId().slice(0, 8)) seen.add(c);
    expect(seen.size).toBe(16);
  });

  it('keep a harmless caller id and replace anything else', () => {
    expect(safeRequestId('proxy-123')).toBe('proxy-123');
    expect(safeRequestId('a b<script>')).toMatch(UUID_V4);
    expect(safeRequestId('x'.repeat(65))).toMatch(UUID_V4);
    expect(safeRequestId(['a'])).toMatch(UUID_V4);
  });
});
