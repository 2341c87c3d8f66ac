/**
 * Column helpers shared by the entities. Every property names its MikroORM `type` explicitly,
 * so metadata never depends on emitted decorator types and both dialects agree:
 * - ids are `varchar(36)` (random UUIDs), never the native `uuid` type, so a malformed id in a
 *   request is "not found" rather than a database error on PostgreSQL;
 * - dates are `datetime` (`timestamptz` on PostgreSQL, epoch milliseconds on SQLite);
 * - JSON is `json` (`jsonb` on PostgreSQL, text on SQLite).
 */
import { randomUUID } from 'node:crypto';
import { roles, type Role } from '@grantkeeper/schema';

export const ID_LENGTH = 36;

/** A new random entity id. */
export function newId(): string {
  return randomUUID();
}

/** The three roles, highest first (the contract's list, from @grantkeeper/schema). */
export { roles, type Role };
