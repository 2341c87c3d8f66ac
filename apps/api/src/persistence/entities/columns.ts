/**
 * Column helpers shared by the entities. Every property names its MikroORM `type` explicitly,
 * so metadata never depends on emitted decorator types and both dialects agree:
 * - ids are `varchar(36)` (random UUIDs; time-ordered ones for the append-only logs), never the
 *   native `uuid` type, so a malformed id in a request is "not found" rather than a database
 *   error on PostgreSQL;
 * - dates are `datetime` (`timestamptz` on PostgreSQL, epoch milliseconds on SQLite);
 * - JSON is `json` (`jsonb` on PostgreSQL, text on SQLite).
 */
import { randomUUID } from 'node:crypto';
import { randomSlices } from '@grantkeeper/oauth-core';
import { roles, type Role } from '@grantkeeper/schema';

export const ID_LENGTH = 36;

/** A new random entity id. */
export function newId(): string {
  return randomUUID();
}

/** The random part of a time-ordered id: its last 10 bytes (74 bits once version and variant are set), 256 ids per draw. */
const nextRandom = randomSlices(10, 256);
const timeOrderedScratch = Buffer.alloc(16);

/**
 * A new time-ordered id (UUIDv7: the time in milliseconds, then 74 random bits), for rows only
 * ever appended (audit events, webhook deliveries): each insert lands at the end of the primary
 * key's index instead of on a random page of it, so a batch of them writes a few pages, not one
 * per row. Unguessable still; it tells its creation time, which those rows carry anyway.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9562#section-5.7
 */
export function newTimeOrderedId(now: number = Date.now()): string {
  const bytes = timeOrderedScratch;
  nextRandom().copy(bytes, 6);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The three roles, highest first (the contract's list, from @grantkeeper/schema). */
export { roles, type Role };
