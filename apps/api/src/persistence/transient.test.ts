import { describe, expect, it } from 'vitest';
import { isTransientDatabaseError, retryTransient, transientReason } from './transient.js';

const failing = (codes: string[]) => {
  let calls = 0;
  const work = async () => {
    const code = codes[calls];
    calls += 1;
    if (code !== undefined) throw Object.assign(new Error(code), { code });
    return 'written';
  };
  return { work, calls: () => calls };
};

describe('retryTransient', () => {
  it('classifies deadlock, serialization, terminated backends and SQLite busy/locked as transient, also wrapped', () => {
    for (const code of ['40P01', '40001', '57P01', 'ECONNRESET', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']) {
      expect(isTransientDatabaseError(Object.assign(new Error(), { code }))).toBe(true);
    }
    expect(isTransientDatabaseError({ previous: { code: '40P01' } })).toBe(true);
    expect(isTransientDatabaseError(new Error('x', { cause: { code: 'SQLITE_BUSY' } }))).toBe(true);
    // node-postgres, the connection closed under the query: knex prefixes the SQL, MikroORM copies the fields.
    expect(transientReason(new Error('update "authorizations" set … - Connection terminated unexpectedly'))).toBe('connection terminated');
    expect(transientReason({ previous: new Error('Connection terminated unexpectedly') })).toBe('connection terminated');
    expect(isTransientDatabaseError(new Error('Connection terminated'))).toBe(false); // closed on purpose (shutdown)
    for (const code of ['23505', '42P01', 'SQLITE_CONSTRAINT', undefined]) {
      expect(isTransientDatabaseError(Object.assign(new Error(), { code }))).toBe(false);
    }
  });

  it('retries transient failures until the work succeeds', async () => {
    const { work, calls } = failing(['40P01', 'SQLITE_BUSY']);
    await expect(retryTransient(work, { what: 'test', backoffMs: 1 })).resolves.toBe('written');
    expect(calls()).toBe(3);
  });

  it('tells the work which try it is, and logs each retry with its code only', async () => {
    const { work } = failing(['ECONNRESET', '40P01']);
    const tries: number[] = [];
    const warned: unknown[] = [];
    const logger = { warn: (fields: unknown) => void warned.push(fields) };
    await retryTransient((attempt) => (tries.push(attempt), work()), { what: 'test', backoffMs: 1, logger });
    expect(tries).toEqual([1, 2, 3]);
    expect(warned).toEqual([
      { code: 'ECONNRESET', attempt: 1, what: 'test' },
      { code: '40P01', attempt: 2, what: 'test' },
    ]);
  });

  it('gives up after the bounded attempts, and at once on other errors', async () => {
    const transient = failing(['40001', '40001', '40001', '40001']);
    await expect(retryTransient(transient.work, { what: 'test', attempts: 3, backoffMs: 1 })).rejects.toMatchObject({ code: '40001' });
    expect(transient.calls()).toBe(3);
    const other = failing(['23505']);
    await expect(retryTransient(other.work, { what: 'test', backoffMs: 1 })).rejects.toMatchObject({ code: '23505' });
    expect(other.calls()).toBe(1);
  });
});
