import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { ID_LENGTH, newId } from './columns.js';

/** A company + environment scope: every connection, token and audit event belongs to one. */
@Entity({ tableName: 'workspaces' })
export class Workspace {
  [OptionalProps]?: 'id' | 'createdAt';

  @PrimaryKey({ type: 'string', length: ID_LENGTH })
  id: string = newId();

  /** Lower-case `[a-z0-9-]{1,40}`; "default" always exists. */
  @Property({ type: 'string', length: 40, unique: true })
  slug!: string;

  @Property({ type: 'string', length: 200 })
  company!: string;

  @Property({ type: 'string', length: 100 })
  environment!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
