/**
 * oauth-core's LeasePort over the lease columns of the `authorizations` row (resource = the
 * connection id), or of another table with the same columns (`client_credentials_tokens`). Every operation is one conditional UPDATE, so it is atomic across processes
 * on SQLite (writes are serialised) and PostgreSQL (a concurrent UPDATE re-checks the WHERE
 * clause on the row it waited for): the affected-row count says who won.
 */
import { AuthorizationStateError, systemClock, type Clock, type LeasePort } from '@grantkeeper/oauth-core';
import type { EntityName } from '@mikro-orm/core';
import { Authorization } from '../entities/index.js';
import type { Orm } from '../orm.js';

/** A table whose rows carry a lease: one row per connection. */
export interface LeasedRow {
  connectionId: string;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
}

export class OrmLeasePort implements LeasePort {
  /** Typed as the authorizations row: every leased table has the same lease columns. */
  private readonly entity: EntityName<Authorization>;

  constructor(
    private readonly orm: Orm,
    private readonly clock: Clock = systemClock,
    entity: EntityName<LeasedRow> = Authorization,
  ) {
    this.entity = entity as EntityName<Authorization>;
  }

  /** Take the lease when it is free, expired, or already ours. */
  async acquire(resource: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const em = this.orm.em.fork();
    const won = await em.nativeUpdate(
      this.entity,
      {
        connectionId: resource,
        $or: [{ leaseOwner: null }, { leaseExpiresAt: null }, { leaseExpiresAt: { $lte: now } }, { leaseOwner: owner }],
      },
      { leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + ttlMs) },
    );
    if (won === 1) return true;
    if ((await em.count(this.entity, { connectionId: resource })) === 0) {
      throw new AuthorizationStateError('NOT_AUTHORIZED', 'This connection has no authorization record.');
    }
    return false;
  }

  /** Extend the lease; only its current owner can. */
  async renew(resource: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const renewed = await this.orm.em
      .fork()
      .nativeUpdate(this.entity, { connectionId: resource, leaseOwner: owner }, { leaseExpiresAt: new Date(now.getTime() + ttlMs) });
    return renewed === 1;
  }

  /** Give the lease up; does nothing unless `owner` holds it. */
  async release(resource: string, owner: string): Promise<void> {
    await this.orm.em
      .fork()
      .nativeUpdate(this.entity, { connectionId: resource, leaseOwner: owner }, { leaseOwner: null, leaseExpiresAt: null });
  }

  /** Release every lease this owner holds (shutdown). Returns how many. */
  async releaseAll(owner: string): Promise<number> {
    return this.orm.em.fork().nativeUpdate(this.entity, { leaseOwner: owner }, { leaseOwner: null, leaseExpiresAt: null });
  }
}
