/**
 * Console users: email (lower-cased, unique), display name, role, scrypt password hash, and what
 * an admin manages (disabled, workspace limit, a one-time password that must be changed). A
 * change reaches every instance at once: the user's cached sessions are dropped and their
 * sockets closed (`SessionService.userChanged`); disabling also deletes the sessions. The last
 * active admin can be neither demoted nor disabled. Passwords are never logged or returned, but
 * for the one-time password handed to the admin who created or reset it. What an admin does
 * (create, change, disable, enable, reset) is audited in the workspace they acted in (`UserAdmin`)
 * and logged (ids only); so is a user created at the first start or on the command line.
 */
import { LockMode, type EntityManager } from '@mikro-orm/core';
import type { Logger } from '../logger.js';
import type { UserAuditEntry } from '../services/audit-service.js';
import type { Orm } from '../persistence/orm.js';
import { User, type Role } from '../persistence/entities/index.js';
import { badInput, notFound } from '../services/errors.js';
import { AuthError } from './errors.js';
import { toUserAccount, toUserInfo } from './mappers.js';
import { hashPassword, verifyPassword } from './password.js';
import type { UserAccount, UserInfo } from './principal.js';
import { isRole } from './roles.js';
import { newPassword } from './secrets.js';
import type { SessionService } from './session-service.js';
import { flushUnique } from './shared.js';
import { passwordResetEntry, userCreatedEntry, userSnapshot, userUpdatedEntry, type UserAdmin } from './user-audit.js';
import { validDisplayName, validEmail, validPassword, validWorkspaceSlugs } from './user-input.js';

export interface NewUserInput {
  email: string;
  displayName?: string | undefined;
  role: Role;
  workspaceSlugs?: readonly string[] | null | undefined;
}

export interface UserUpdate {
  displayName?: string | null | undefined;
  role?: Role | null | undefined;
  disabled?: boolean | null | undefined;
  /** Absent: unchanged; null: every workspace. */
  workspaceSlugs?: readonly string[] | null | undefined;
}

export interface CreatedUser {
  user: UserAccount;
  /** Shown once to the admin; the user must change it at first sign-in. */
  oneTimePassword: string;
}

export interface UserServiceOptions {
  orm: Orm;
  sessions: SessionService;
  logger?: Logger | undefined;
  /** Where admins' changes are audited (`AuditService`). */
  audit?: { record(em: EntityManager, entry: UserAuditEntry): Promise<void> } | undefined;
}

const CONFLICT_EMAIL = 'A user with this email address already exists.';

/** An enabled admin of every workspace: may manage users and workspaces (at least one must remain). */
export function isInstanceAdmin(user: Pick<User, 'role' | 'disabled' | 'workspaceSlugs'>): boolean {
  return user.role === 'ADMIN' && !user.disabled && user.workspaceSlugs === null;
}

export class UserService {
  readonly #orm: Orm;
  readonly #sessions: SessionService;
  readonly #logger: Logger | undefined;
  readonly #audit: UserServiceOptions['audit'];

  constructor(opts: UserServiceOptions) {
    this.#orm = opts.orm;
    this.#sessions = opts.sessions;
    this.#logger = opts.logger;
    this.#audit = opts.audit;
  }

  /** A user with a password of their choice (bootstrap, CLI), audited as created `by` when given. */
  async create(input: NewUserInput & { password: string; mustChangePassword?: boolean }, by?: UserAdmin): Promise<UserInfo> {
    const user = await this.#insert(input, validPassword(input.password), input.mustChangePassword ?? false);
    await this.#created(user, by);
    return toUserInfo(user);
  }

  /** A user with a random one-time password, to be changed at the first sign-in (admins). */
  async createWithOneTimePassword(input: NewUserInput, by?: UserAdmin): Promise<CreatedUser> {
    const oneTimePassword = newPassword();
    const user = await this.#insert(input, oneTimePassword, true);
    await this.#created(user, by);
    return { user: toUserAccount(user), oneTimePassword };
  }

  /** Logs (ids only) a user just created, and audits it as created `by` when given. */
  async #created(user: User, by: UserAdmin | undefined): Promise<void> {
    this.#logger?.info({ userId: user.id, role: user.role, by: by?.actor.id }, 'User created');
    if (by) await this.#record(userCreatedEntry(by, user));
  }

  async #insert(input: NewUserInput, password: string, mustChangePassword: boolean): Promise<User> {
    const email = validEmail(input.email);
    if (!isRole(input.role)) throw badInput('The role must be ADMIN, OPERATOR or VIEWER.');
    const displayName = validDisplayName(input.displayName, email);
    const em = this.#orm.em.fork();
    const workspaceSlugs = await validWorkspaceSlugs(em, input.workspaceSlugs ?? null);
    if ((await em.count(User, { email })) > 0) throw new AuthError('CONFLICT', CONFLICT_EMAIL, { reason: 'ALREADY_EXISTS' });
    const passwordHash = await hashPassword(password);
    const user = em.create(User, {
      email,
      displayName,
      role: input.role,
      passwordHash,
      mustChangePassword,
      workspaceSlugs,
    });
    await flushUnique(em, CONFLICT_EMAIL);
    return user;
  }

  async findById(id: string): Promise<UserInfo | null> {
    const user = await this.#orm.em.fork().findOne(User, { id });
    return user === null ? null : toUserInfo(user);
  }

  async account(id: string): Promise<UserAccount | null> {
    const user = await this.#orm.em.fork().findOne(User, { id });
    return user === null ? null : toUserAccount(user);
  }

  async count(): Promise<number> {
    return this.#orm.em.fork().count(User, {});
  }

  /** Every user, by email. */
  async list(): Promise<UserAccount[]> {
    const rows = await this.#orm.em.fork().find(User, {}, { orderBy: { email: 'asc' } });
    return rows.map(toUserAccount);
  }

  /**
   * Change a user. Demoting, disabling or limiting to workspaces the last active admin of every
   * workspace is refused (CONFLICT), checked under a lock on the active admins' rows so that two
   * admins demoting each other cannot both succeed.
   */
  async update(id: string, change: UserUpdate, by?: UserAdmin): Promise<UserAccount> {
    if (change.role != null && !isRole(change.role)) throw badInput('The role must be ADMIN, OPERATOR or VIEWER.');
    let before: ReturnType<typeof userSnapshot> | undefined;
    const updated = await this.#orm.em.fork().transactional(async (em) => {
      const user = await this.#find(em, id);
      before = userSnapshot(user);
      if (change.displayName != null) user.displayName = validDisplayName(change.displayName, user.email);
      const wasInstanceAdmin = isInstanceAdmin(user);
      if (change.workspaceSlugs !== undefined) user.workspaceSlugs = await validWorkspaceSlugs(em, change.workspaceSlugs);
      user.role = change.role ?? user.role;
      user.disabled = change.disabled ?? user.disabled;
      if (wasInstanceAdmin && !isInstanceAdmin(user)) await this.#keepAnAdmin(em, user.id);
      return user;
    });
    await this.#sessions.userChanged(id, updated.disabled ? {} : undefined);
    this.#logger?.info({ userId: id, role: updated.role, disabled: updated.disabled, by: by?.actor.id }, 'User updated');
    const audited = by && before ? userUpdatedEntry(by, before, userSnapshot(updated)) : null;
    if (audited) await this.#record(audited);
    return toUserAccount(updated);
  }

  /** Locks the active admins' rows; refuses when none but `leaving` would remain for every workspace. */
  async #keepAnAdmin(em: EntityManager, leaving: string): Promise<void> {
    // FOR UPDATE on PostgreSQL; SQLite has one writer (and one connection) at a time anyway.
    const admins = await em.find(User, { role: 'ADMIN', disabled: false }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (admins.every((admin) => admin.id === leaving || !isInstanceAdmin(admin))) {
      throw new AuthError('CONFLICT', 'This is the last active admin: make another user an admin first.', { reason: 'LAST_ADMIN' });
    }
  }

  /** A new one-time password (the old one stops working, the user's sessions end). */
  async resetPassword(id: string, by?: UserAdmin): Promise<CreatedUser> {
    const oneTimePassword = newPassword();
    const em = this.#orm.em.fork();
    const user = await this.#find(em, id);
    user.passwordHash = await hashPassword(oneTimePassword);
    user.mustChangePassword = true;
    await em.flush();
    await this.#sessions.userChanged(id, {});
    this.#logger?.info({ userId: id, by: by?.actor.id }, 'User password reset');
    if (by) await this.#record(passwordResetEntry(by, user));
    return { user: toUserAccount(user), oneTimePassword };
  }

  /**
   * The signed-in user's own password: the current one must match. Their other sessions end;
   * `sessionId` (the one asking) stays.
   */
  async changePassword(userId: string, sessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    const next = validPassword(newPassword);
    const em = this.#orm.em.fork();
    const user = await this.#find(em, userId);
    const current = typeof currentPassword === 'string' ? currentPassword : '';
    if (!(await verifyPassword(current, user.passwordHash))) {
      throw new AuthError('BAD_USER_INPUT', 'The current password is not correct.', {
        reason: 'WRONG_PASSWORD',
      });
    }
    if (next === current) throw badInput('Choose a new password that differs from the current one.');
    user.passwordHash = await hashPassword(next);
    user.mustChangePassword = false;
    await em.flush();
    await this.#sessions.userChanged(userId, { except: sessionId });
    this.#logger?.info({ userId }, 'User changed their password');
  }

  async #record(entry: UserAuditEntry): Promise<void> {
    await this.#audit?.record(this.#orm.em.fork(), entry);
  }

  async #find(em: EntityManager, id: string): Promise<User> {
    const user = await em.findOne(User, { id });
    if (user === null) throw notFound('No user with this id.');
    return user;
  }
}
