import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ID_LENGTH, newId, type Role } from './columns.js';

/** A person who signs in to the console. Users may act in every workspace. */
@Entity({ tableName: 'users' })
export class User {
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt';

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

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
