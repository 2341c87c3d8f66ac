import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ID_LENGTH } from './columns.js';

/**
 * A started authorization flow waiting for its callback: single use, short-lived. The state is
 * stored only as its hash; the PKCE verifier is a vault envelope (field `code_verifier`).
 */
@Entity({ tableName: 'pending_flows' })
@Index({ properties: ['expiresAt'] })
@Index({ properties: ['connectionId'] })
export class PendingFlow {
  [OptionalProps]?: 'nonce' | 'initiatedBy';

  /** SHA-256 (base64url) of the `state` value. */
  @PrimaryKey({ type: 'string', length: 64 })
  stateHash!: string;

  @Property({ type: 'string', length: ID_LENGTH })
  workspaceId!: string;

  @Property({ type: 'string', length: ID_LENGTH })
  connectionId!: string;

  @Property({ type: 'text' })
  codeVerifierEnvelope!: string;

  @Property({ type: 'string', length: 255, nullable: true })
  nonce: string | null = null;

  @Property({ type: 'string', length: 2048 })
  redirectUri!: string;

  @Property({ type: 'string', length: ID_LENGTH, nullable: true })
  initiatedBy: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
