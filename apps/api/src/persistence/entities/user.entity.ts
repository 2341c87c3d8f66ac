import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ID_LENGTH, newId, type Role } from './columns.js';

/** A person who signs in to the console: in every workspace, or in those of `workspaceSlugs`. */
@Entity({ tableName: 'users' })
export class User {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt' | 'disabled' | 'mustChangePassword' | 'lastSignInAt' | 'workspaceSlugs';

  @PrimaryKey({ type: 'string', length: ID_LENGTH })
  id: string = newId();

  /** Stored lower-case. */
  @Property({ type: 'string', length: 320, unique: true })
  email!: string;

  @Property({ type: 'string', length: 200 })
  displayName!: string;

  @Property({ type: 'string', length: 16 })
  role!: Role;

  /** `scrypt$N$r$p$<salt>$<hash>` (see auth/password.ts). */
  @Property({ type: 'string', length: 255 })
  passwordHash!: string;

  /** A disabled user cannot sign in; disabling ends their sessions. */
  @Property({ type: 'boolean', default: false })
  disabled: boolean = false;

  /** Set by a one-time password (created or reset by an admin): sign-in then only allows changing it. */
  @Property({ type: 'boolean', default: false })
  mustChangePassword: boolean = false;

  @Property({ type: 'datetime', nullable: true })
  lastSignInAt: Date | null = null;

  /** The workspaces (slugs) this user may act in; null = every workspace. */
  @Property({ type: 'json', nullable: true })
  workspaceSlugs: string[] | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
