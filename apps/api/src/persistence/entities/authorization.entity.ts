import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { AuthorizationStatus } from '@grantkeeper/oauth-core';
import { ID_LENGTH, newId } from './columns.js';

/**
 * The authorization of one OAUTH2_AUTHORIZATION_CODE connection (one row per connection,
 * created with it). Token values are vault envelopes bound to `{ workspaceId, connectionId,
 * field }` with field `access_token`, `refresh_token` or `id_token`.
 *
 * Concurrency: `version` is the compare-and-swap counter of the token state (every write of the
 * state increments it); `leaseOwner`/`leaseExpiresAt` are the cross-process refresh lease. Both
 * are only ever changed by conditional UPDATEs (see persistence/ports).
 */
@Entity({ tableName: 'authorizations' })
@Index({ name: 'authorizations_next_refresh_at_index', properties: ['nextRefreshAt'] })
// Partial: only rows backing off (the idle pass's earliest retry); migration 20261202400100.
@Index({
  name: 'authorizations_next_retry_at_index',
  expression: 'create index "authorizations_next_retry_at_index" on "authorizations" ("next_retry_at") where "next_retry_at" is not null',
})
@Index({ properties: ['workspaceId'] })
export class Authorization {
  [OptionalProps]?:
    | 'id'
    | 'status'
    | 'accessTokenEnvelope'
    | 'refreshTokenEnvelope'
    | 'idTokenEnvelope'
    | 'tokenType'
    | 'tokenExpiresAt'
    | 'refreshTokenExpiresAt'
    | 'grantedScopes'
    | 'obtainedAt'
    | 'lastAuthorizedAt'
    | 'authorizedBy'
    | 'authorizedByUserId'
    | 'lastRefreshedAt'
    | 'statusReason'
    | 'version'
    | 'leaseOwner'
    | 'leaseExpiresAt'
    | 'nextRefreshAt'
    | 'refreshFailures'
    | 'nextRetryAt'
    | 'createdAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'string', length: ID_LENGTH })
  id: string = newId();

  @Property({ type: 'string', length: ID_LENGTH })
  workspaceId!: string;

  /** The connection this authorization belongs to (also the lease/state "resource" string). */
  @Property({ type: 'string', length: ID_LENGTH, unique: true })
  connectionId!: string;

  @Property({ type: 'string', length: 32 })
  status: AuthorizationStatus = 'NOT_AUTHORIZED';

  @Property({ type: 'text', nullable: true })
  accessTokenEnvelope: string | null = null;

  @Property({ type: 'text', nullable: true })
  refreshTokenEnvelope: string | null = null;

  @Property({ type: 'text', nullable: true })
  idTokenEnvelope: string | null = null;

  /** Lower-case (`bearer`). */
  @Property({ type: 'string', length: 40, nullable: true })
  tokenType: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  tokenExpiresAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  refreshTokenExpiresAt: Date | null = null;

  @Property({ type: 'json' })
  grantedScopes: string[] = [];

  /** When the current token set was obtained. */
  @Property({ type: 'datetime', nullable: true })
  obtainedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  lastAuthorizedAt: Date | null = null;

  /** Display name (or email) of the user who last completed the flow. */
  @Property({ type: 'string', length: 320, nullable: true })
  authorizedBy: string | null = null;

  @Property({ type: 'string', length: ID_LENGTH, nullable: true })
  authorizedByUserId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  lastRefreshedAt: Date | null = null;

  @Property({ type: 'string', length: 1000, nullable: true })
  statusReason: string | null = null;

  @Property({ type: 'integer', default: 0 })
  version: number = 0;

  @Property({ type: 'string', length: 200, nullable: true })
  leaseOwner: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  leaseExpiresAt: Date | null = null;

  /** When the refresher should refresh next (expiry - margin, jittered); null: never. */
  @Property({ type: 'datetime', nullable: true })
  nextRefreshAt: Date | null = null;

  /** Consecutive transient refresh failures (reset by a successful write of tokens). */
  @Property({ type: 'integer', default: 0 })
  refreshFailures: number = 0;

  /** Backoff: not before this time (after a transient failure). */
  @Property({ type: 'datetime', nullable: true })
  nextRetryAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
