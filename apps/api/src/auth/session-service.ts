/**
 * Sign-in and sessions. Passwords: scrypt with a per-user salt (auth/password.ts); sign-in is
 * rate limited per account and per client address, with counts kept in the database so every
 * instance shares them (auth/login-limiter.ts). Sessions are server-side rows; the cookie
 * carries a random 32-byte token of which only the SHA-256 is stored; the expiry slides forward
 * (written at most once a minute). Lookups are cached briefly; signing out invalidates the
 * session on every instance through the event bus (event key: the session id).
 */
import type { EventBus } from '../events/index.js';
import type { Logger } from '../logger.js';
import type { Orm } from '../persistence/orm.js';
import { Session, User } from '../persistence/entities/index.js';
import { ReadCache } from '../cache/index.js';
import { AuthError } from './errors.js';
import { LoginLimiter, type LoginBuckets } from './login-limiter.js';
import { toUserAccount, toUserInfo } from './mappers.js';
import { hashPassword, verifyPassword } from './password.js';
import type { UserAccount, UserInfo } from './principal.js';
import { newSessionToken, sha256Hex } from './secrets.js';
import type { BackgroundWrites } from './shared.js';
import { MAX_PASSWORD_LENGTH } from './user-input.js';

/** Writes of a session's `lastSeenAt` happen at most this often. */
const TOUCH_INTERVAL_MS = 60_000;

export interface LoginResult {
  /** The session token for the `gk_session` cookie (never logged, never stored). */
  token: string;
  sessionId: string;
  expiresAt: Date;
  user: UserAccount;
}

export interface ActiveSession {
  sessionId: string;
  user: UserInfo;
  expiresAt: number;
  lastSeenAt: number;
}

export interface SessionServiceOptions {
  orm: Orm;
  bus: EventBus;
  logger: Logger | undefined;
  background: BackgroundWrites;
  /** Idle lifetime of a session (sliding). */
  sessionTtlMs: number;
  cacheTtlMs: number;
  loginMaxFailures: number;
  loginWindowMs: number;
  now: () => Date;
}

export class SessionService {
  readonly #opts: SessionServiceOptions;
  readonly #limiter: LoginLimiter;
  readonly #byHash: ReadCache<ActiveSession>;
  #dummyHash: Promise<string> | undefined;

  constructor(opts: SessionServiceOptions) {
    this.#opts = opts;
    this.#limiter = new LoginLimiter({
      orm: opts.orm,
      maxFailures: opts.loginMaxFailures,
      windowMs: opts.loginWindowMs,
      now: opts.now,
    });
    this.#byHash = new ReadCache({
      name: 'session',
      bus: opts.bus,
      max: 10_000,
      ttlMs: opts.cacheTtlMs,
      now: () => opts.now().getTime(),
      invalidationKey: (session) => session.sessionId,
    });
  }

  /** The live session of a token (its expiry slid forward), or null. */
  async lookup(token: string): Promise<ActiveSession | null> {
    const hash = sha256Hex(token);
    const session = this.#byHash.get(hash) ?? (await this.#byHash.load(hash, () => this.#load(hash)));
    if (session === null) return null;
    const now = this.#opts.now().getTime();
    if (session.expiresAt <= now) return null;
    if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) {
      session.lastSeenAt = now;
      session.expiresAt = now + this.#opts.sessionTtlMs;
      this.#opts.background.run(
        this.#opts.orm.em
          .fork()
          .nativeUpdate(Session, { id: session.sessionId }, { lastSeenAt: new Date(now), expiresAt: new Date(session.expiresAt) }),
        'Could not extend the session',
      );
    }
    return session;
  }

  async #load(hash: string): Promise<ActiveSession | null> {
    const em = this.#opts.orm.em.fork();
    const session = await em.findOne(Session, { tokenHash: hash });
    const user = session === null ? null : await em.findOne(User, { id: session.userId });
    if (session === null || user === null || user.disabled) return null;
    return {
      sessionId: session.id,
      user: toUserInfo(user),
      expiresAt: session.expiresAt.getTime(),
      lastSeenAt: session.lastSeenAt.getTime(),
    };
  }

  /**
   * Check the password and open a session. Failures are counted per account and per address,
   * in the database (shared by every instance); past the limit, sign-in is refused with
   * TOO_MANY_ATTEMPTS even with the right password, until the window ends.
   */
  async login(email: string, password: string, ip: string, userAgent?: string): Promise<LoginResult> {
    const normalized = String(email ?? '')
      .trim()
      .toLowerCase();
    ip = typeof ip === 'string' && ip !== '' ? ip : 'unknown';
    const buckets = LoginLimiter.buckets(normalized, ip);
    await this.#charge(buckets);
    const em = this.#opts.orm.em.fork();
    const user = normalized.length > 0 && normalized.length <= 320 ? await em.findOne(User, { email: normalized }) : null;
    const candidate = typeof password === 'string' && password.length <= MAX_PASSWORD_LENGTH ? password : '';
    const ok = await verifyPassword(candidate, user?.passwordHash ?? (await this.#dummy()));
    if (user === null || !ok) {
      this.#opts.logger?.info({ ip }, 'Failed sign-in');
      throw new AuthError('UNAUTHENTICATED', 'Email or password is incorrect.', { reason: 'INVALID_CREDENTIALS' });
    }
    await this.#limiter.succeeded(buckets);
    if (user.disabled) {
      throw new AuthError('UNAUTHENTICATED', 'This account is disabled. Ask an administrator to enable it.', {
        reason: 'ACCOUNT_DISABLED',
      });
    }
    const token = newSessionToken();
    const now = this.#opts.now();
    user.lastSignInAt = now;
    const session = em.create(Session, {
      tokenHash: sha256Hex(token),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.#opts.sessionTtlMs),
      ip: ip.slice(0, 64),
      userAgent: userAgent?.slice(0, 255) ?? null,
    });
    await em.flush();
    this.#opts.logger?.info({ userId: user.id, sessionId: session.id }, 'Signed in');
    return { token, sessionId: session.id, expiresAt: session.expiresAt, user: toUserAccount(user) };
  }

  async #charge(buckets: LoginBuckets): Promise<void> {
    const waitMs = await this.#limiter.charge(buckets);
    if (waitMs <= 0) return;
    const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
    throw new AuthError('UNAUTHENTICATED', `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, {
      reason: 'TOO_MANY_ATTEMPTS',
      retryAfterSeconds: Math.ceil(waitMs / 1000),
    });
  }

  #dummy(): Promise<string> {
    this.#dummyHash ??= hashPassword(newSessionToken());
    return this.#dummyHash;
  }

  /**
   * End a session (idempotent). Published on the event bus: every instance forgets it and
   * closes the sockets it opened.
   */
  async logout(sessionId: string): Promise<void> {
    await this.#opts.orm.em.fork().nativeDelete(Session, { id: sessionId });
    await this.#byHash.invalidate(sessionId);
  }

  /** True while the session exists, has not expired and its user is enabled (from the database). */
  async isActive(sessionId: string): Promise<boolean> {
    const em = this.#opts.orm.em.fork();
    const session = await em.findOne(Session, { id: sessionId, expiresAt: { $gt: this.#opts.now() } });
    return session !== null && (await em.count(User, { id: session.userId, disabled: false })) > 0;
  }

  /**
   * After a change of a user (role, workspaces, disabled, password): every instance drops the
   * user's cached sessions and closes the sockets they opened (clients reconnect with the new
   * state). With `end`, the sessions are also deleted (all but `end.except`): they stop at once.
   */
  async userChanged(userId: string, end?: { except?: string }): Promise<void> {
    const em = this.#opts.orm.em.fork();
    const sessions = await em.find(Session, { userId }, { fields: ['id'] });
    if (end !== undefined) {
      await em.nativeDelete(Session, end.except === undefined ? { userId } : { userId, id: { $ne: end.except } });
    }
    await Promise.all(sessions.map((session) => this.#byHash.invalidate(session.id)));
  }

  /** Delete sessions whose expiry has passed; returns how many. */
  async purgeExpired(): Promise<number> {
    return this.#opts.orm.em.fork().nativeDelete(Session, { expiresAt: { $lte: this.#opts.now() } });
  }

  close(): void {
    this.#byHash.close();
  }
}
