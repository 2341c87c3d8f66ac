import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ID_LENGTH, newId } from './columns.js';

/**
 * The shared token of one OAUTH2_CLIENT_CREDENTIALS connection (one row per connection, made on
 * its first token fetch), so every instance uses one token and the management page shows the
 * same state whichever instance answers. The access token is a vault envelope bound to
 * `{ workspaceId, connectionId, field: 'client_credentials_access_token' }`.
 *
 * `settingsAt` is the connection's `updatedAt` when the token was fetched: a token fetched with
 * older settings is not used. `version` is the compare-and-swap counter of the token (every
 * write increments it); `leaseOwner`/`leaseExpiresAt` are the cross-instance fetch lease (the
 * same lease port as the authorizations). Both change only by conditional UPDATEs.
 */
@Entity({ tableName: 'client_credentials_tokens' })
export class ClientCredentialsToken {
  [OptionalProps]?:
    | 'id'
    | 'accessTokenEnvelope'
    | 'tokenType'
    | 'tokenExpiresAt'
    | 'grantedScopes'
    | 'obtainedAt'
    | 'settingsAt'
    | 'version'
    | 'leaseOwner'
    | 'leaseExpiresAt'
    | 'createdAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'string', length: ID_LENGTH })
  id: string = newId();

  @Property({ type: 'string', length: ID_LENGTH })
  workspaceId!: string;

  /** The connection (also the lease "resource" string). */
  @Property({ type: 'string', length: ID_LENGTH, unique: true })
  connectionId!: string;

  @Property({ type: 'text', nullable: true })
  accessTokenEnvelope: string | null = null;

  /** Lower-case (`bearer`). */
  @Property({ type: 'string', length: 40, nullable: true })
  tokenType: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  tokenExpiresAt: Date | null = null;

  @Property({ type: 'json' })
  grantedScopes: string[] = [];

  @Property({ type: 'datetime', nullable: true })
  obtainedAt: Date | null = null;

  /** The connection's `updatedAt` the token was fetched with. */
  @Property({ type: 'datetime', nullable: true })
  settingsAt: Date | null = null;

  @Property({ type: 'integer', default: 0 })
  version: number = 0;

  @Property({ type: 'string', length: 200, nullable: true })
  leaseOwner: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  leaseExpiresAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
