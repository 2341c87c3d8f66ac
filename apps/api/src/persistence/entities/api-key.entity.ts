import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ID_LENGTH, newId, type Role } from './columns.js';

/** An API key (`gk_…`) for other apps: bound to one workspace and one role, stored hashed. */
@Entity({ tableName: 'api_keys' })
@Index({ properties: ['workspaceId'] })
export class ApiKey {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastUsedAt' | 'createdBy';

  @PrimaryKey({ type: 'string', length: ID_LENGTH })
  id: string = newId();

  @Property({ type: 'string', length: ID_LENGTH })
  workspaceId!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 16 })
  role!: Role;

  /** Hex SHA-256 of the raw key; the key itself is shown once and never stored. */
  @Property({ type: 'string', length: 64, unique: true })
  keyHash!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** Updated at most once a minute. */
  @Property({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null = null;

  /** Id of the user who created it, when known. */
  @Property({ type: 'string', length: ID_LENGTH, nullable: true })
  createdBy: string | null = null;
}
