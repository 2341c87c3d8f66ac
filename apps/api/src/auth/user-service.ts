/** Console users: email (lower-cased, unique), display name, role, scrypt password hash. */
import type { Orm } from '../persistence/orm.js';
import { User, type Role } from '../persistence/entities/index.js';
import { AuthError } from './errors.js';
import { toUserInfo } from './mappers.js';
import { hashPassword } from './password.js';
import type { UserInfo } from './principal.js';
import { isRole } from './roles.js';
import { MAX_PASSWORD_LENGTH } from './session-service.js';
import { badInput } from '../services/errors.js';
import { flushUnique } from './shared.js';

const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}$/;
const MIN_PASSWORD_LENGTH = 8;

export class UserService {
  constructor(private readonly orm: Orm) {}

  async create(input: { email: string; password: string; displayName?: string; role: Role }): Promise<UserInfo> {
    const email = String(input.email ?? '').trim().toLowerCase();
    if (!EMAIL.test(email)) throw badInput('The email address is not valid.');
    if (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD_LENGTH) {
      throw badInput(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
    }
    if (input.password.length > MAX_PASSWORD_LENGTH) throw badInput('The password is too long.');
    if (!isRole(input.role)) throw badInput('The role must be ADMIN, OPERATOR or VIEWER.');
    const displayName = (input.displayName ?? '').trim() || email;
    if (displayName.length > 200) throw badInput('The display name is too long (200 characters at most).');
    const em = this.orm.em.fork();
    const conflict = 'A user with this email address already exists.';
    if ((await em.count(User, { email })) > 0) throw new AuthError('CONFLICT', conflict, { reason: 'ALREADY_EXISTS' });
    const user = em.create(User, { email, displayName, role: input.role, passwordHash: await hashPassword(input.password) });
    await flushUnique(em, conflict);
    return toUserInfo(user);
  }

  async findById(id: string): Promise<UserInfo | null> {
    const user = await this.orm.em.fork().findOne(User, { id });
    return user === null ? null : toUserInfo(user);
  }

  async count(): Promise<number> {
    return this.orm.em.fork().count(User, {});
  }
}
