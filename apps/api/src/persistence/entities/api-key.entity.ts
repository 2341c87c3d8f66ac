import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ID_LENGTH, newId, type Role } from './columns.js';

export const connectionAccessLevels = ['NONE', 'PROXY', 'TOKEN'] as const;
/** What a key may do with connections' credentials: GraphQL only, the proxy, or also read tokens. */
export type ConnectionAccess = (typeof connectionAccessLevels)[number];

/** An API key (`gk_…`) for other apps: bound to one workspace and one role, stored hashed. */
@Entity({ tableName: 'api_keys' })
@Index({ properties: ['workspaceId'] })
export class ApiKey {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastUsedAt' | 'createdBy' | 'connectionAccess' | 'connectionCodes';

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

  @Property({ type: 'string', length: 8, default: 'NONE' })
  connectionAccess: ConnectionAccess = 'NONE';

  /** Codes of the connections it may use with PROXY/TOKEN; null = every one of its workspace. */
  @Property({ type: 'json', nullable: true })
  connectionCodes: string[] | null = null;

  /** Id of the user who created it, when known. */
  @Property({ type: 'string', length: ID_LENGTH, nullable: true })
  createdBy: string | null = null;
}
