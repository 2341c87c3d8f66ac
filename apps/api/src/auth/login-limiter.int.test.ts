import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../testing/databases.js';
import { LoginFailure } from '../persistence/entities/index.js';
import { purgeExpiredRows } from '../persistence/housekeeping.js';
import { createOrm, migrate, type Orm } from '../persistence/orm.js';
import { AuthService } from './auth-service.js';
import { AuthError } from './errors.js';
import { sha256Hex } from './secrets.js';

const MAX = 4;
const WINDOW_MS = 15 * 60_000;
const PASSWORD = 'the-right-password';

async function failure(promise: Promise<unknown>): Promise<AuthError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AuthError);
  return err as AuthError;
}

/**
 * Two AuthServices, each with its own ORM (its own connection pool, as two processes behind a
 * load balancer would have), on one database and one clock.
 */
describe.each(testDatabases())('sign-in rate limit shared by two instances on %s', (kind) => {
  let db: TestDatabase;
  let orms: Orm[];
  let a: AuthService;
  let b: AuthService;
  let now = new Date('2026-11-28T08:00:00Z');
  let users = 0;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    orms = [await createOrm(db.database), await createOrm(db.database)];
    await Promise.all(orms.map((orm) => migrate(orm)));
    const options = { sessionTtlMs: 3_600_000, now: () => now, loginMaxFailures: MAX, loginWindowMs: WINDOW_MS };
    a = new AuthService({ orm: orms[0]!, ...options });
    b = new AuthService({ orm: orms[1]!, ...options });
  });

  afterAll(async () => {
    await Promise.all((orms ?? []).map((orm) => orm.close(true)));
    await db?.drop();
  });

  /** A fresh user (so the tests do not share an account bucket). */
  async function newUser(): Promise<string> {
    const email = `user${++users}@example.com`;
    await a.createUser({ email, password: PASSWORD, role: 'VIEWER' });
    return email;
  }

  it('trips after the same total number of failures, whichever instance gets them', async () => {
    const email = await newUser();
    for (let i = 0; i < MAX; i++) {
      const instance = i % 2 === 0 ? a : b;
      const err = await failure(instance.login(email, `wrong-${i}`, `10.1.${users}.${i}`));
      expect(err).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    }
    now = new Date(now.getTime() + 60_000);
    for (const instance of [a, b]) {
      // Locked on both instances, even with the right password, from a new address.
      const locked = await failure(instance.login(email.toUpperCase(), PASSWORD, '10.9.9.9'));
      expect(locked).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS' });
      expect(locked.message).toBe('Too many failed sign-in attempts. Try again in 14 minutes.');
      expect(locked.retryAfterSeconds).toBe(14 * 60);
      expect(`${locked.message} ${JSON.stringify(locked)}`).not.toContain(PASSWORD);
    }
    // A refused attempt is not a failure: the new address was not charged.
    const address = await orms[0]!.em.fork().findOne(LoginFailure, { bucket: sha256Hex('address:10.9.9.9') });
    expect(address?.failures ?? 0).toBe(0);
  });

  it('limits one address guessing many accounts across both instances', async () => {
    const ip = '10.2.0.1';
    for (let i = 0; i < MAX; i++) {
      await failure((i % 2 === 0 ? b : a).login(`nobody${i}@example.com`, 'x', ip));
    }
    const email = await newUser();
    const locked = await failure(a.login(email, PASSWORD, ip));
    expect(locked.reason).toBe('TOO_MANY_ATTEMPTS');
    expect(locked.retryAfterSeconds).toBe(WINDOW_MS / 1000);
    expect((await b.login(email, PASSWORD, '10.2.0.2')).user.email).toBe(email);
  });

  it('a successful sign-in on one instance resets the account for both', async () => {
    const email = await newUser();
    for (let i = 0; i < MAX - 1; i++) await failure(a.login(email, 'wrong', `10.3.0.${i}`));
    expect((await b.login(email, PASSWORD, '10.3.1.1')).user.email).toBe(email);
    // A full allowance again: MAX failures are checked, the next attempt is refused.
    for (let i = 0; i < MAX; i++) {
      expect((await failure(b.login(email, 'wrong', `10.3.2.${i}`))).reason).toBe('INVALID_CREDENTIALS');
    }
    expect((await failure(a.login(email, PASSWORD, '10.3.3.1'))).reason).toBe('TOO_MANY_ATTEMPTS');
  });

  it('lets the account in again when the window ends, and housekeeping purges the expired counts', async () => {
    const email = await newUser();
    const start = now.getTime();
    for (let i = 0; i < MAX; i++) await failure(a.login(email, 'wrong', `10.4.0.${i}`));
    now = new Date(start + WINDOW_MS - 1_000);
    const locked = await failure(b.login(email, PASSWORD, '10.4.1.1'));
    expect(locked).toMatchObject({ reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 });
    expect(locked.message).toBe('Too many failed sign-in attempts. Try again in 1 minute.');

    const bucket = sha256Hex(`account:${email}`);
    expect(await orms[1]!.em.fork().findOne(LoginFailure, { bucket })).toMatchObject({ failures: MAX });
    expect(await purgeExpiredRows(orms[1]!, now)).toMatchObject({ loginFailures: expect.any(Number) as number });
    expect(await orms[1]!.em.fork().findOne(LoginFailure, { bucket })).not.toBeNull(); // not expired yet

    now = new Date(start + WINDOW_MS);
    expect((await b.login(email, PASSWORD, '10.4.1.2')).user.email).toBe(email);
    // The expired address buckets of the failures above are purged; the live ones stay.
    const purged = await purgeExpiredRows(orms[0]!, now);
    expect(purged.loginFailures).toBeGreaterThanOrEqual(MAX);
    const left = await orms[0]!.em.fork().find(LoginFailure, {});
    for (const row of left) expect(row.expiresAt.getTime()).toBeGreaterThan(now.getTime());
  });

  it('lets at most the limit of concurrent attempts reach the password check, over both instances', async () => {
    const email = await newUser();
    const attempts = Array.from({ length: 3 * MAX }, (_, i) =>
      failure((i % 2 === 0 ? a : b).login(email, `wrong-${i}`, `10.5.0.${i}`)),
    );
    const reasons = (await Promise.all(attempts)).map((e) => e.reason).sort();
    expect(reasons.filter((r) => r === 'INVALID_CREDENTIALS')).toHaveLength(MAX);
    expect(reasons.filter((r) => r === 'TOO_MANY_ATTEMPTS')).toHaveLength(2 * MAX);
  });

  it('never quotes the password or the email in an error, and stores buckets only as hashes', async () => {
    const email = await newUser();
    const secret = 'Sup3r-secret-guess';
    const errors: AuthError[] = [];
    for (let i = 0; i <= MAX; i++) errors.push(await failure(a.login(email, secret, '10.6.0.1')));
    expect(errors.map((e) => e.reason)).toEqual([...Array<string>(MAX).fill('INVALID_CREDENTIALS'), 'TOO_MANY_ATTEMPTS']);
    for (const err of errors) {
      const text = `${err.message} ${String(err)} ${JSON.stringify(err)} ${err.stack ?? ''}`;
      expect(text).not.toContain(secret);
      expect(text).not.toContain(email);
    }
    const rows = await orms[0]!.em.fork().find(LoginFailure, {});
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.bucket).toMatch(/^[0-9a-f]{64}$/);
  });
});
