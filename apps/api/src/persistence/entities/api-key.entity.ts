import { Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { ID_LENGTH, newId, type Role } from './columns.js';

export const connectionAccessLevels = ['NONE', 'PROXY', 'TOKEN'] as const;
/** What a key may do with connections' credentials: GraphQL only, the proxy, or also read tokens. */
export type ConnectionAccess = (typeof connectionAccessLevels)[number];

/** An API key (`gk_…`) for other apps: bound to one workspace and one role, stored hashed. */
@Entity({ tableName: 'api_keys' })
@Index({ properties: ['workspaceId'] })
@Unique({ properties: ['workspaceId', 'name'] })
export class ApiKey {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastUsedAt' | 'createdBy' | 'connectionAccess' | 'connectionCodes' | 'prefix' | 'expiresAt';

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

  /** The key's first characters (`gk_` and a few random ones), shown so people can tell keys apart. */
  @Property({ type: 'string', length: 16, nullable: true })
  prefix: string | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  /** After this the key is refused; null = never expires. */
  @Property({ type: 'datetime', nullable: true })
  expiresAt: Date | null = null;

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
