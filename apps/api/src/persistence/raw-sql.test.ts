/**
 * SQLite rows are read as arrays and built into objects by a function made from the statement's
 * column names (`rowBuilder`): the object must be the one better-sqlite3 would have built,
 * whatever the names hold.
 */
import { describe, expect, it } from 'vitest';
import { rowBuilder } from './raw-sql.js';

describe('rowBuilder', () => {
  it('keys each value by its column name, a later column of the same name winning', () => {
    const row = rowBuilder(['id', 'name', 'id'])([1, 'one', 2]);
    expect(row).toEqual({ id: 2, name: 'one' });
    expect(Object.keys(row)).toEqual(['id', 'name']);
  });

  it('takes any name as data, never as code', () => {
    const names = ['a"b', "c'd", 'e\\f', 'g\u2028h', '}; throw new Error("x"); ({', '', 'constructor', 'values[0]'];
    const row = rowBuilder(names)(names.map((_, i) => i));
    expect(Object.entries(row)).toEqual(names.map((name, i) => [name, i]));
  });

  it('keeps a column named __proto__ as an own property, not as the prototype', () => {
    const row = rowBuilder(['__proto__', 'x'])([{ polluted: true }, 1]);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row)).toEqual(['__proto__', 'x']);
    expect((row as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
