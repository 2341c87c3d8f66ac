/**
 * Sign-in, sessions, API keys and workspaces.
 *
 * - Passwords: scrypt with a per-user salt (auth/password.ts); sign-in is rate limited per
 *   account and per client address, with counts kept in the database so every instance shares
 *   them (auth/login-limiter.ts).
 * - Sessions: server-side rows; the cookie carries a random 32-byte token of which only the
 *   SHA-256 is stored; the expiry slides forward (written at most once a minute).
 * - API keys: `gk_<random>`, shown once, SHA-256 stored, bound to one workspace and role; the
 *   lookup is cached briefly in memory (invalidated when a key is deleted here).
 * - Workspaces: "default" always exists; users may act in every workspace, API keys only in
 *   their own.
 */
import { workspaceSlugPattern } from '@grantkeeper/schema';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Logger } from '../logger.js';
import type { Orm } from '../persistence/orm.js';
import { ApiKey, Session, User, Workspace, type Role } from '../persistence/entities/index.js';
import { badInput } from '../services/errors.js';
import { AuthError } from './errors.js';
import { hashPassword, verifyPassword } from './password.js';
import type { ApiKeyInfo, ApiKeyPrincipal, Principal, UserInfo, WorkspaceInfo } from './principal.js';
import { apiKeyPrincipalOf, toApiKeyInfo, toUserInfo, toWorkspaceInfo } from './mappers.js';
import { validateConnectionAccess, type ConnectionAccessInput } from './connection-access.js';
import { LoginLimiter } from './login-limiter.js';
import { isRole } from './roles.js';
import { API_KEY_PREFIX, newApiKey, newSessionToken, sha256Hex } from './secrets.js';
import { readSessionCookie } from './session-cookie.js';
import { TtlCache } from './ttl-cache.js';

export const DEFAULT_WORKSPACE_SLUG = 'default';

const WORKSPACE_SLUG = workspaceSlugPattern;
const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}$/;
const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 1024;
/** Writes of `lastUsedAt` / session `lastSeenAt` happen at most this often. */
const TOUCH_INTERVAL_MS = 60_000;

export interface AuthServiceOptions {
  orm: Orm;
  logger?: Logger;
  /** Idle lifetime of a session (sliding). */
  sessionTtlMs: number;
  /** How long an API key / session / workspace lookup is served from memory. */
  cacheTtlMs?: number;
  /**
   * Failed sign-ins allowed per account and per address within `loginWindowMs` (counted in the
   * database, across every instance).
   */
  loginMaxFailures?: number;
  loginWindowMs?: number;
  now?: () => Date;
}

export interface AuthenticateInput {
  /** The raw `Cookie` header (the `gk_session` cookie is read from it). */
  cookie?: string | null | undefined;
  /** The session token itself, when the caller already parsed the cookie. */
  sessionToken?: string | null | undefined;
  /** The raw `Authorization` header (`Bearer gk_…`). */
  authorization?: string | null | undefined;
  /** `X-Workspace` (sessions); must match the key's own workspace for API keys. */
  workspaceSlug?: string | null | undefined;
}

export interface LoginResult {
  /** The session token for the `gk_session` cookie (never logged, never stored). */
  token: string;
  sessionId: string;
  expiresAt: Date;
  user: UserInfo;
}

export interface CreatedApiKey {
  /** The raw key: shown exactly once. */
  key: string;
  apiKey: ApiKeyInfo;
}

interface CachedSession {
  sessionId: string;
  user: UserInfo;
  expiresAt: number;
  lastSeenAt: number;
}

interface CachedApiKey {
  apiKey: ApiKeyPrincipal;
  workspace: WorkspaceInfo;
  lastUsedAt: number;
}

export class AuthService {
  readonly #orm: Orm;
  readonly #logger: Logger | undefined;
  readonly #sessionTtlMs: number;
  readonly #now: () => Date;
  readonly #limiter: LoginLimiter;
  readonly #apiKeys: TtlCache<string, CachedApiKey>;
  readonly #sessions: TtlCache<string, CachedSession>;
  readonly #workspaces: TtlCache<string, WorkspaceInfo>;
  #dummyHash: Promise<string> | undefined;

  constructor(opts: AuthServiceOptions) {
    this.#orm = opts.orm;
    this.#logger = opts.logger;
    this.#sessionTtlMs = opts.sessionTtlMs;
    this.#now = opts.now ?? (() => new Date());
    const nowMs = () => this.#now().getTime();
    const cacheTtl = opts.cacheTtlMs ?? 30_000;
    this.#apiKeys = new TtlCache(cacheTtl, 10_000, nowMs);
    this.#sessions = new TtlCache(Math.min(cacheTtl, 5_000), 10_000, nowMs);
    this.#workspaces = new TtlCache(cacheTtl, 1_000, nowMs);
    this.#limiter = new LoginLimiter({
      orm: this.#orm,
      maxFailures: opts.loginMaxFailures ?? 10,
      windowMs: opts.loginWindowMs ?? 15 * 60_000,
      now: this.#now,
    });
  }

  #em(): EntityManager {
    return this.#orm.em.fork();
  }

  // ---------------------------------------------------------------- authentication

  /**
   * Who is calling: an API key (`Authorization: Bearer gk_…`), else a session (cookie), else
   * null (anonymous). A present but invalid API key is an error (UNAUTHENTICATED), an unknown
   * or expired session is anonymous.
   */
  async authenticate(input: AuthenticateInput): Promise<Principal | null> {
    const slug = input.workspaceSlug?.trim() || undefined;
    if (input.authorization != null && input.authorization.trim() !== '') {
      return this.#authenticateApiKey(input.authorization, slug);
    }
    const token = input.sessionToken ?? readSessionCookie(input.cookie);
    if (token === undefined || token === null || token === '') return null;
    const session = await this.#lookupSession(token);
    if (session === null) return null;
    const workspace = await this.findWorkspace(slug ?? DEFAULT_WORKSPACE_SLUG);
    if (workspace === null) {
      throw new AuthError('NOT_FOUND', 'The workspace named by X-Workspace does not exist.', { reason: 'UNKNOWN_WORKSPACE' });
    }
    return { kind: 'user', user: session.user, workspace, sessionId: session.sessionId };
  }

  async #authenticateApiKey(header: string, slug: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    if (match === null) {
      throw new AuthError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <API key>".', { reason: 'MALFORMED_AUTHORIZATION' });
    }
    const raw = match[1] as string;
    const hash = sha256Hex(raw);
    let entry = this.#apiKeys.get(hash);
    if (entry === undefined) {
      const em = this.#em();
      const key = raw.startsWith(API_KEY_PREFIX) ? await em.findOne(ApiKey, { keyHash: hash }) : null;
      const workspace = key === null ? null : await em.findOne(Workspace, { id: key.workspaceId });
      if (key === null || workspace === null) {
        throw new AuthError('UNAUTHENTICATED', 'The API key is not valid (unknown or deleted).', { reason: 'INVALID_API_KEY' });
      }
      entry = {
        apiKey: apiKeyPrincipalOf(key),
        workspace: toWorkspaceInfo(workspace),
        lastUsedAt: key.lastUsedAt?.getTime() ?? 0,
      };
      this.#apiKeys.set(hash, entry);
    }
    if (slug !== undefined && slug !== entry.workspace.slug) {
      throw new AuthError('FORBIDDEN', 'This API key belongs to another workspace than the one named by X-Workspace.', { reason: 'WORKSPACE_MISMATCH' });
    }
    const now = this.#now();
    if (now.getTime() - entry.lastUsedAt >= TOUCH_INTERVAL_MS) {
      entry.lastUsedAt = now.getTime();
      this.#background(
        this.#em().nativeUpdate(ApiKey, { id: entry.apiKey.id }, { lastUsedAt: now }),
        'Could not record the API key use',
      );
    }
    return { kind: 'apiKey', apiKey: entry.apiKey, workspace: entry.workspace };
  }

  async #lookupSession(token: string): Promise<CachedSession | null> {
    const hash = sha256Hex(token);
    const now = this.#now().getTime();
    let entry = this.#sessions.get(hash);
    if (entry === undefined) {
      const em = this.#em();
      const session = await em.findOne(Session, { tokenHash: hash });
      const user = session === null ? null : await em.findOne(User, { id: session.userId });
      if (session === null || user === null) return null;
      entry = {
        sessionId: session.id,
        user: toUserInfo(user),
        expiresAt: session.expiresAt.getTime(),
        lastSeenAt: session.lastSeenAt.getTime(),
      };
      this.#sessions.set(hash, entry);
    }
    if (entry.expiresAt <= now) {
      this.#sessions.delete(hash);
      return null;
    }
    if (now - entry.lastSeenAt >= TOUCH_INTERVAL_MS) {
      entry.lastSeenAt = now;
      entry.expiresAt = now + this.#sessionTtlMs;
      this.#background(
        this.#em().nativeUpdate(
          Session,
          { id: entry.sessionId },
          { lastSeenAt: new Date(now), expiresAt: new Date(entry.expiresAt) },
        ),
        'Could not extend the session',
      );
    }
    return entry;
  }

  #background(work: Promise<unknown>, message: string): void {
    work.catch((err: unknown) => this.#logger?.warn({ err }, message));
  }

  // ---------------------------------------------------------------- sessions

  /**
   * Check the password and open a session. Failures are counted per account and per address,
   * in the database (shared by every instance); past the limit, sign-in is refused with
   * TOO_MANY_ATTEMPTS even with the right password, until the window ends.
   */
  async login(email: string, password: string, ip: string, userAgent?: string): Promise<LoginResult> {
    const normalized = String(email ?? '').trim().toLowerCase();
    ip = typeof ip === 'string' && ip !== '' ? ip : 'unknown';
    const buckets = LoginLimiter.buckets(normalized, ip);
    const waitMs = await this.#limiter.charge(buckets);
    if (waitMs > 0) {
      const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
      throw new AuthError(
        'UNAUTHENTICATED',
        `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        { reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: Math.ceil(waitMs / 1000) },
      );
    }
    const em = this.#em();
    const user =
      normalized.length > 0 && normalized.length <= 320 ? await em.findOne(User, { email: normalized }) : null;
    const candidate = typeof password === 'string' && password.length <= MAX_PASSWORD_LENGTH ? password : '';
    const ok = await verifyPassword(candidate, user?.passwordHash ?? (await this.#dummy()));
    if (user === null || !ok) {
      this.#logger?.info({ ip }, 'Failed sign-in');
      throw new AuthError('UNAUTHENTICATED', 'Email or password is incorrect.', { reason: 'INVALID_CREDENTIALS' });
    }
    await this.#limiter.succeeded(buckets);
    const token = newSessionToken();
    const now = this.#now();
    const session = em.create(Session, {
      tokenHash: sha256Hex(token),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.#sessionTtlMs),
      ip: ip.slice(0, 64),
      userAgent: userAgent?.slice(0, 255) ?? null,
    });
    await em.flush();
    this.#logger?.info({ userId: user.id, sessionId: session.id }, 'Signed in');
    return { token, sessionId: session.id, expiresAt: session.expiresAt, user: toUserInfo(user) };
  }

  #dummy(): Promise<string> {
    this.#dummyHash ??= hashPassword(newSessionToken());
    return this.#dummyHash;
  }

  /** End a session (idempotent). */
  async logout(sessionId: string): Promise<void> {
    this.#sessions.deleteWhere((s) => s.sessionId === sessionId);
    await this.#em().nativeDelete(Session, { id: sessionId });
  }

  /** Delete sessions whose expiry has passed; returns how many. */
  async purgeExpiredSessions(): Promise<number> {
    return this.#em().nativeDelete(Session, { expiresAt: { $lte: this.#now() } });
  }

  // ---------------------------------------------------------------- users

  async createUser(input: { email: string; password: string; displayName?: string; role: Role }): Promise<UserInfo> {
    const email = String(input.email ?? '').trim().toLowerCase();
    if (!EMAIL.test(email)) throw badInput('The email address is not valid.');
    if (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD_LENGTH) {
      throw badInput(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
    }
    if (input.password.length > MAX_PASSWORD_LENGTH) throw badInput('The password is too long.');
    if (!isRole(input.role)) throw badInput('The role must be ADMIN, OPERATOR or VIEWER.');
    const displayName = (input.displayName ?? '').trim() || email;
    if (displayName.length > 200) throw badInput('The display name is too long (200 characters at most).');
    const em = this.#em();
    if ((await em.count(User, { email })) > 0) {
      throw new AuthError('CONFLICT', 'A user with this email address already exists.', { reason: 'ALREADY_EXISTS' });
    }
    const user = em.create(User, { email, displayName, role: input.role, passwordHash: await hashPassword(input.password) });
    await this.#flushUnique(em, 'A user with this email address already exists.');
    return toUserInfo(user);
  }

  async findUserById(id: string): Promise<UserInfo | null> {
    const user = await this.#em().findOne(User, { id });
    return user === null ? null : toUserInfo(user);
  }

  async countUsers(): Promise<number> {
    return this.#em().count(User, {});
  }

  // ---------------------------------------------------------------- API keys

  /** Create an API key for one workspace; the raw key is returned once and never stored. */
  async createApiKey(input: {
    workspaceId: string;
    name: string;
    role: Role;
    createdBy?: string | null;
  } & ConnectionAccessInput): Promise<CreatedApiKey> {
    const name = String(input.name ?? '').trim();
    if (name.length === 0 || name.length > 200) throw badInput('The API key name must be 1 to 200 characters.');
    if (!isRole(input.role)) throw badInput('The role must be ADMIN, OPERATOR or VIEWER.');
    const access = validateConnectionAccess(input);
    const em = this.#em();
    if ((await em.count(Workspace, { id: input.workspaceId })) === 0) {
      throw new AuthError('NOT_FOUND', 'The workspace does not exist.', { reason: 'UNKNOWN_WORKSPACE' });
    }
    const key = newApiKey();
    const row = em.create(ApiKey, {
      workspaceId: input.workspaceId,
      name,
      role: input.role,
      keyHash: sha256Hex(key),
      createdBy: input.createdBy ?? null,
      ...access,
    });
    await em.flush();
    return { key, apiKey: toApiKeyInfo(row) };
  }

  async listApiKeys(workspaceId: string): Promise<ApiKeyInfo[]> {
    const rows = await this.#em().find(ApiKey, { workspaceId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return rows.map(toApiKeyInfo);
  }

  /** Delete a key of this workspace; false when there is none with this id there. */
  async deleteApiKey(workspaceId: string, id: string): Promise<boolean> {
    const deleted = await this.#em().nativeDelete(ApiKey, { id: String(id), workspaceId });
    this.invalidateApiKey(String(id));
    return deleted > 0;
  }

  /**
   * Forget a cached API key (call when another instance reports the key deleted); without an
   * id, forget every cached key.
   */
  invalidateApiKey(id?: string): void {
    if (id === undefined) this.#apiKeys.clear();
    else this.#apiKeys.deleteWhere((entry) => entry.apiKey.id === id);
  }

  // ---------------------------------------------------------------- workspaces

  /** The workspaces a principal may act in: every one for users, its own for an API key. */
  async listWorkspaces(principal?: Principal | null): Promise<WorkspaceInfo[]> {
    if (principal?.kind === 'apiKey') return [principal.workspace];
    const rows = await this.#em().find(Workspace, {}, { orderBy: { createdAt: 'asc', slug: 'asc' } });
    return rows.map(toWorkspaceInfo);
  }

  async findWorkspace(slug: string): Promise<WorkspaceInfo | null> {
    const cached = this.#workspaces.get(slug);
    if (cached !== undefined) return cached;
    if (!WORKSPACE_SLUG.test(slug)) return null;
    const row = await this.#em().findOne(Workspace, { slug });
    if (row === null) return null;
    const info = toWorkspaceInfo(row);
    this.#workspaces.set(slug, info);
    return info;
  }

  async createWorkspace(input: { slug: string; company: string; environment: string }): Promise<WorkspaceInfo> {
    const slug = String(input.slug ?? '').trim();
    const company = String(input.company ?? '').trim();
    const environment = String(input.environment ?? '').trim();
    if (!WORKSPACE_SLUG.test(slug)) {
      throw badInput('The workspace slug must be 1 to 40 lower-case letters, digits or "-".');
    }
    if (company.length === 0 || company.length > 200) throw badInput('The company must be 1 to 200 characters.');
    if (environment.length === 0 || environment.length > 100) {
      throw badInput('The environment must be 1 to 100 characters.');
    }
    const em = this.#em();
    if ((await em.count(Workspace, { slug })) > 0) {
      throw new AuthError('CONFLICT', `A workspace with the slug "${slug}" already exists.`, { reason: 'ALREADY_EXISTS' });
    }
    const row = em.create(Workspace, { slug, company, environment });
    await this.#flushUnique(em, `A workspace with the slug "${slug}" already exists.`);
    return toWorkspaceInfo(row);
  }

  /** Create the "default" workspace when it is missing (idempotent, safe across processes). */
  async ensureDefaultWorkspace(): Promise<WorkspaceInfo> {
    const existing = await this.findWorkspace(DEFAULT_WORKSPACE_SLUG);
    if (existing !== null) return existing;
    try {
      return await this.createWorkspace({ slug: DEFAULT_WORKSPACE_SLUG, company: 'Default', environment: 'production' });
    } catch (err) {
      const again = await this.findWorkspace(DEFAULT_WORKSPACE_SLUG);
      if (again !== null) return again;
      throw err;
    }
  }

  /** Drop every cached lookup (tests, and after bulk changes). */
  clearCaches(): void {
    this.#apiKeys.clear();
    this.#sessions.clear();
    this.#workspaces.clear();
  }

  async #flushUnique(em: EntityManager, message: string): Promise<void> {
    try {
      await em.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw new AuthError('CONFLICT', message, { reason: 'ALREADY_EXISTS' });
      }
      throw err;
    }
  }
}
