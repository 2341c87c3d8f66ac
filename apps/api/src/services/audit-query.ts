/**
 * Reading the audit log: newest first by the time of the (first) event, then id, paged with an
 * opaque cursor and filtered by connection, type, outcome, actor and time range. A folded row
 * (repeated refresh failures) keeps its first time as its place, so pages stay stable while it
 * grows; the time range matches a folded row when its span (first to last) overlaps it.
 */
import { sql, type FilterQuery } from '@mikro-orm/core';
import { apiKeyAuditEventTypes, connectionCodePattern, userAuditEventTypes } from '@grantkeeper/schema';
import { AuditEvent, type AuditEventType, type AuditOutcome } from '../persistence/entities/index.js';
import { badInput } from './errors.js';
import type { RequestScope } from './types.js';

export interface AuditEventView {
  id: string;
  connectionCode: string;
  type: AuditEventType;
  outcome: AuditOutcome;
  actor: string | null;
  at: Date;
  /** The last of the folded events (`at` when there is one). */
  lastAt: Date;
  count: number;
  message: string;
}

export interface AuditFilter {
  connectionCode?: string | null | undefined;
  types?: readonly AuditEventType[] | null | undefined;
  outcome?: AuditOutcome | null | undefined;
  /** Part of the actor's name, any case. */
  actor?: string | null | undefined;
  /** true: only the automatic refresher's events (no actor); false: only people's and keys'. */
  byRefresher?: boolean | null | undefined;
  since?: Date | null | undefined;
  until?: Date | null | undefined;
}

/** What the caller may read besides the workspace's connections' events. */
export interface AuditReader {
  /** The user administration events (USER_*): admins of the whole instance only, as for the users themselves. */
  userEvents: boolean;
  /** The workspace's API key events (API_KEY_*): its ADMINs only, as for the keys themselves. */
  apiKeyEvents: boolean;
}

/** The reader of a workspace's connections' events alone. */
export const connectionEventsReader: AuditReader = Object.freeze({ userEvents: false, apiKeyEvents: false });

export interface AuditPage {
  events: AuditEventView[];
  /** Pass as `after` for the next page; null when there is none. */
  endCursor: string | null;
  hasNextPage: boolean;
}

export const MAX_PAGE = 500;

interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(event: Pick<AuditEventView, 'at' | 'id'>): string {
  return Buffer.from(JSON.stringify([event.at.getTime(), event.id])).toString('base64url');
}

export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string' &&
      value[1].length <= 36
    ) {
      return { at: new Date(value[0] as number), id: value[1] };
    }
  } catch {
    // reported below
  }
  throw badInput('"after" is not a cursor returned by this query.');
}

function pageSize(first: number | null | undefined): number {
  const limit = first ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw badInput(`"first" must be between 1 and ${MAX_PAGE}.`);
  }
  return limit;
}

/** The conditions of `filter` (null when it can match nothing, e.g. a malformed connection code). */
function conditionsOf(filter: AuditFilter): FilterQuery<AuditEvent>[] | null {
  const all: FilterQuery<AuditEvent>[] = [];
  const { connectionCode, types, outcome, actor, byRefresher, since, until } = filter;
  if (connectionCode !== null && connectionCode !== undefined) {
    if (!connectionCodePattern.test(connectionCode)) return null;
    all.push({ connectionCode });
  }
  if (types && types.length > 0) all.push({ type: { $in: [...types] } });
  if (outcome) all.push({ outcome });
  // lower() on both sides: SQLite's LIKE and PostgreSQL's differ in case sensitivity.
  if (actor) all.push({ [sql.lower('actor')]: { $like: `%${actor.slice(0, 320).toLowerCase()}%` } } as FilterQuery<AuditEvent>);
  if (byRefresher === true) all.push({ actor: null });
  if (byRefresher === false) all.push({ actor: { $ne: null } });
  if (since) all.push({ $or: [{ at: { $gte: since } }, { lastAt: { $gte: since } }] });
  if (until) all.push({ at: { $lt: until } });
  if (since && until && since.getTime() >= until.getTime()) throw badInput('"since" must be before "until".');
  return all;
}

function toView(row: AuditEvent): AuditEventView {
  return {
    id: row.id,
    connectionCode: row.connectionCode,
    type: row.type,
    outcome: row.outcome,
    actor: row.actor,
    at: row.at,
    lastAt: row.lastAt ?? row.at,
    count: row.count,
    message: row.message,
  };
}

/** One page of the workspace's audit log, newest first. */
export async function auditPage(
  scope: RequestScope,
  filter: AuditFilter,
  first: number | null | undefined,
  after: string | null | undefined,
  reader: AuditReader = connectionEventsReader,
): Promise<AuditPage> {
  const limit = pageSize(first);
  const cursor = after ? decodeCursor(after) : null;
  const conditions = conditionsOf(filter);
  if (conditions === null) return { events: [], endCursor: null, hasNextPage: false };
  const hidden = [...(reader.userEvents ? [] : userAuditEventTypes), ...(reader.apiKeyEvents ? [] : apiKeyAuditEventTypes)];
  if (hidden.length > 0) conditions.push({ type: { $nin: hidden } });
  if (cursor) {
    conditions.push({ $or: [{ at: { $lt: cursor.at } }, { at: cursor.at, id: { $lt: cursor.id } }] });
  }
  const rows = await scope.em.find(
    AuditEvent,
    { $and: [{ workspaceId: scope.workspaceId }, ...conditions] },
    { orderBy: { at: 'desc', id: 'desc' }, limit: limit + 1 },
  );
  const events = rows.slice(0, limit).map(toView);
  const hasNextPage = rows.length > limit;
  const last = events.at(-1);
  return { events, endCursor: hasNextPage && last ? encodeCursor(last) : null, hasNextPage };
}
