import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Failed sign-in attempts of one bucket (an account or a client address) within a fixed window,
 * shared by every instance on the database. The bucket is stored only as a SHA-256, so the table
 * names neither email addresses nor client addresses. Written with atomic upserts by
 * auth/login-limiter.ts; rows past `expiresAt` mean nothing and are purged by housekeeping.
 */
@Entity({ tableName: 'login_failures' })
@Index({ properties: ['expiresAt'] })
export class LoginFailure {
  /** Hex SHA-256 of `account:<lower-cased email>` or `address:<client address>`. */
  @PrimaryKey({ type: 'string', length: 64 })
  bucket!: string;

  /** Attempts counted in the current window (a refused attempt is not counted). */
  @Property({ type: 'integer' })
  failures!: number;

  @Property({ type: 'datetime' })
  windowStartedAt!: Date;

  /** `windowStartedAt` + the window: the count resets after this. */
  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
