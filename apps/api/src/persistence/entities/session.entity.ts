import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ID_LENGTH, newId } from './columns.js';

/** A server-side sign-in session. Only the SHA-256 of the cookie's token is stored. */
@Entity({ tableName: 'sessions' })
@Index({ properties: ['userId'] })
@Index({ properties: ['expiresAt'] })
export class Session {
  [OptionalProps]?: 'id' | 'createdAt' | 'lastSeenAt' | 'ip' | 'userAgent';

  @PrimaryKey({ type: 'string', length: ID_LENGTH })
  id: string = newId();

  /** Hex SHA-256 of the session token. */
  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Property({ type: 'string', length: ID_LENGTH })
  userId!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime' })
  lastSeenAt: Date = new Date();

  /** Sliding: pushed forward (at most once a minute) while the session is used. */
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'string', length: 64, nullable: true })
  ip: string | null = null;

  @Property({ type: 'string', length: 255, nullable: true })
  userAgent: string | null = null;
}
