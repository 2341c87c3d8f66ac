import { auditEventLabels as schemaLabels, connectionAuditEventLabels as schemaConnectionLabels } from '@grantkeeper/schema';
import type { AuditEventType } from '../gql/graphql';

/** The labels come from @grantkeeper/schema (shared with the webhooks page and the API). */
export const auditEventLabels: Readonly<Record<AuditEventType, string>> = schemaLabels;

/** What can happen to a connection: the types its history can be filtered by (not the user administration events). */
export const connectionAuditEventLabels: Readonly<Partial<Record<AuditEventType, string>>> = schemaConnectionLabels;

/** Newest first, whatever order the server used. */
export function newestFirst<T extends { at: string }>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** Who did it: the user or API key; a null actor on a refresh event is the automatic refresher. */
export function actorOf(event: { actor?: string | null; type: AuditEventType }): string {
  if (event.actor) return event.actor;
  return event.type === 'TOKEN_REFRESHED' || event.type === 'TOKEN_REFRESH_FAILED' ? 'Automatic refresher' : '—';
}
