/**
 * The history page's filter form, its translation to the API's AuditEventFilter, and the one
 * time zone the page uses: UTC, stated on the page. `datetime-local` inputs are read as UTC.
 */
import type { AuditEventFilter, AuditEventType, AuditOutcome } from '../gql/graphql';

export type WhoFilter = 'ANYONE' | 'REFRESHER' | 'PEOPLE';

export interface HistoryFilterForm {
  type: AuditEventType | 'ALL';
  outcome: AuditOutcome | 'ALL';
  who: WhoFilter;
  actor: string;
  /** `YYYY-MM-DDTHH:mm` in UTC, or ''. */
  since: string;
  until: string;
}

export const emptyFilterForm = (): HistoryFilterForm => ({ type: 'ALL', outcome: 'ALL', who: 'ANYONE', actor: '', since: '', until: '' });

/** `2026-11-30T10:00` (a datetime-local value, read as UTC) to an ISO instant; null if empty or invalid. */
export function utcInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const at = new Date(`${value.length === 16 ? `${value}:00` : value}.000Z`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export function toAuditFilter(connectionCode: string, form: HistoryFilterForm): AuditEventFilter {
  const filter: AuditEventFilter = { connectionCode };
  if (form.type !== 'ALL') filter.types = [form.type];
  if (form.outcome !== 'ALL') filter.outcome = form.outcome;
  if (form.who !== 'ANYONE') filter.byRefresher = form.who === 'REFRESHER';
  if (form.actor.trim()) filter.actor = form.actor.trim();
  const since = utcInputToIso(form.since);
  const until = utcInputToIso(form.until);
  if (since) filter.since = since;
  if (until) filter.until = until;
  return filter;
}

/** `2026-11-30 10:00:00` (UTC; the page says so once). */
export function formatUtc(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? '—' : at.toISOString().slice(0, 19).replace('T', ' ');
}
