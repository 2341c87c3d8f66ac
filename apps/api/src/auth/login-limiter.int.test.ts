import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../testing/databases.js';
import { LoginFailure } from '../persistence/entities/index.js';
import { purgeExpiredRows } from '../persistence/housekeeping.js';
import { createOrm, migrate, type Orm } from '../persistence/orm.js';
import { InProcessEventBus } from '../events/index.js';
import { AuthService } from './auth-service.js';
import { AuthError } from './errors.js';
import { ACCOUNT_CEILING_FACTOR, BASE_DELAY_MS, FREE_ATTEMPTS, LoginLimiter, pairDelayMs } from './login-limiter.js';

const MAX = 6;
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
    const options = {
      bus: new InProcessEventBus(),
      sessionTtlMs: 3_600_000,
      now: () => now,
      loginMaxFailures: MAX,
      loginWindowMs: WINDOW_MS,
    };
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
    await a.users.create({ email, password: PASSWORD, role: 'VIEWER' });
    return email;
  }

  it('slows one address guessing one account with growing delays, and lets the owner in from elsewhere', async () => {
    const email = await newUser();
    const attacker = `10.1.${users}.1`;
    const start = now.getTime();
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      const err = await failure((i % 2 === 0 ? a : b).sessions.login(email, `wrong-${i}`, attacker));
      expect(err).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    }
    // Each further attempt waits longer than the one before, on both instances.
    const waits: number[] = [];
    for (let attempt = FREE_ATTEMPTS + 1; attempt <= MAX; attempt++) {
      const early = await failure((attempt % 2 === 0 ? a : b).sessions.login(email, 'wrong', attacker));
      expect(early).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS' });
      waits.push(early.retryAfterSeconds ?? 0);
      now = new Date(start + pairDelayMs(attempt));
      expect((await failure(a.sessions.login(email, 'wrong', attacker))).reason).toBe('INVALID_CREDENTIALS');
    }
    expect(waits[0]).toBe(BASE_DELAY_MS / 1000);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThan(waits[i - 1]!);
    // Past MAX the pair waits for the window to end, even with the right password...
    const capped = await failure(b.sessions.login(email, PASSWORD, attacker));
    expect(capped.reason).toBe('TOO_MANY_ATTEMPTS');
    expect(capped.retryAfterSeconds).toBe((start + WINDOW_MS - now.getTime()) / 1000);
    expect(`${capped.message} ${JSON.stringify(capped)}`).not.toContain(PASSWORD);
    // ...while the owner, from another address, signs in on either instance.
    expect((await a.sessions.login(email.toUpperCase(), PASSWORD, '10.9.9.9')).user.email).toBe(email);
    // A refused attempt is not a failure: nothing was charged while it was refused.
    const pair = await orms[0]!.em.fork().findOne(LoginFailure, { bucket: LoginLimiter.buckets(email, attacker).pair });
    expect(pair?.failures).toBe(MAX);
  });

  it('keeps the account ceiling far above what one address can spend; reached from many, it holds', async () => {
    const email = await newUser();
    const ceiling = MAX * ACCOUNT_CEILING_FACTOR;
    // Many addresses, each within its free attempts: no delay for any of them.
    for (let i = 0; i < ceiling; i++) {
      const err = await failure((i % 2 === 0 ? a : b).sessions.login(email, 'wrong', `10.7.0.${i}`));
      expect(err.reason).toBe('INVALID_CREDENTIALS');
    }
    const locked = await failure(b.sessions.login(email, PASSWORD, '10.7.250.250'));
    expect(locked).toMatchObject({ reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: WINDOW_MS / 1000 });
  });

  it('limits one address guessing many accounts across both instances', async () => {
    const ip = '10.2.0.1';
    for (let i = 0; i < MAX; i++) {
      await failure((i % 2 === 0 ? b : a).sessions.login(`nobody${i}@example.com`, 'x', ip));
    }
    const email = await newUser();
    const locked = await failure(a.sessions.login(email, PASSWORD, ip));
    expect(locked.reason).toBe('TOO_MANY_ATTEMPTS');
    expect(locked.retryAfterSeconds).toBe(WINDOW_MS / 1000);
    expect((await b.sessions.login(email, PASSWORD, '10.2.0.2')).user.email).toBe(email);
  });

  it('a successful sign-in on one instance resets the account and the pair for both', async () => {
    const email = await newUser();
    const ip = '10.3.0.1';
    for (let i = 0; i < FREE_ATTEMPTS; i++) await failure(a.sessions.login(email, 'wrong', ip));
    now = new Date(now.getTime() + pairDelayMs(FREE_ATTEMPTS + 1));
    expect((await b.sessions.login(email, PASSWORD, ip)).user.email).toBe(email);
    // The free attempts again, then the delay.
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      expect((await failure(b.sessions.login(email, 'wrong', ip))).reason).toBe('INVALID_CREDENTIALS');
    }
    expect((await failure(a.sessions.login(email, PASSWORD, ip))).reason).toBe('TOO_MANY_ATTEMPTS');
  });

  it('lets the pair in again when the window ends, and housekeeping purges the expired counts', async () => {
    const email = await newUser();
    const ip = '10.4.0.1';
    const start = now.getTime();
    for (let attempt = 1; attempt <= MAX; attempt++) {
      now = new Date(start + pairDelayMs(attempt));
      await failure(a.sessions.login(email, 'wrong', ip));
    }
    now = new Date(start + WINDOW_MS - 1_000);
    const locked = await failure(b.sessions.login(email, PASSWORD, ip));
    expect(locked).toMatchObject({ reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 1 });

    const bucket = LoginLimiter.buckets(email, ip).pair;
    expect(await orms[1]!.em.fork().findOne(LoginFailure, { bucket })).toMatchObject({ failures: MAX });
    expect(await purgeExpiredRows(orms[1]!, now)).toMatchObject({ loginFailures: expect.any(Number) as number });
    expect(await orms[1]!.em.fork().findOne(LoginFailure, { bucket })).not.toBeNull(); // not expired yet

    now = new Date(start + WINDOW_MS);
    expect((await b.sessions.login(email, PASSWORD, ip)).user.email).toBe(email);
    const purged = await purgeExpiredRows(orms[0]!, now);
    expect(purged.loginFailures).toBeGreaterThanOrEqual(1);
    const left = await orms[0]!.em.fork().find(LoginFailure, {});
    for (const row of left) expect(row.expiresAt.getTime()).toBeGreaterThan(now.getTime());
  });

  it('lets only the free attempts of concurrent guesses from one address reach the check, over both instances', async () => {
    const email = await newUser();
    const attempts = Array.from({ length: 3 * MAX }, (_, i) =>
      failure((i % 2 === 0 ? a : b).sessions.login(email, `wrong-${i}`, '10.5.0.1')),
    );
    const reasons = (await Promise.all(attempts)).map((e) => e.reason).sort();
    expect(reasons.filter((r) => r === 'INVALID_CREDENTIALS')).toHaveLength(FREE_ATTEMPTS);
    expect(reasons.filter((r) => r === 'TOO_MANY_ATTEMPTS')).toHaveLength(3 * MAX - FREE_ATTEMPTS);
  });

  it('refunds and charges many concurrent attempts on shared buckets without a database error (no deadlock)', async () => {
    const emails = [await newUser(), await newUser(), await newUser()];
    const attempts = Array.from({ length: 120 }, (_, i) =>
      (i % 2 === 0 ? a : b).sessions.login(emails[i % 3]!, `wrong-${i}`, `10.8.0.${i % 2}`).then(
        () => 'signed in',
        (e: unknown) => (e instanceof AuthError ? e.reason : String(e)),
      ),
    );
    const outcomes = new Set(await Promise.all(attempts));
    expect([...outcomes].sort()).toEqual(['INVALID_CREDENTIALS', 'TOO_MANY_ATTEMPTS']);
  });

  it('never quotes the password or the email in an error, and stores buckets only as hashes', async () => {
    const email = await newUser();
    const secret = 'Sup3r-secret-guess';
    const errors: AuthError[] = [];
    for (let i = 0; i <= FREE_ATTEMPTS; i++) errors.push(await failure(a.sessions.login(email, secret, '10.6.0.1')));
    expect(errors.map((e) => e.reason)).toEqual([...Array<string>(FREE_ATTEMPTS).fill('INVALID_CREDENTIALS'), 'TOO_MANY_ATTEMPTS']);
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
