/**
 * The history export: every event matching the filter, fetched page by page (not just the page
 * on screen), as CSV or JSON. Times are ISO-8601 in UTC. CSV cells are quoted, and a cell that a
 * spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return) is
 * prefixed with a single quote (OWASP "CSV injection").
 */
import type { AuditEventRowFragment } from '../gql/graphql';
import { actorOf, auditEventLabels } from './event-types';

export type ExportFormat = 'csv' | 'json';

const COLUMNS = ['at (UTC)', 'last at (UTC)', 'count', 'connection', 'type', 'event', 'outcome', 'actor', 'message'] as const;

/** One CSV cell: formula-like text defused, then quoted when needed. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellsOf(event: AuditEventRowFragment): Array<string | number> {
  return [
    event.at,
    event.lastAt,
    event.count,
    event.connectionCode,
    event.type,
    auditEventLabels[event.type] ?? event.type,
    event.outcome,
    actorOf(event),
    event.message,
  ];
}

/** RFC 4180 CSV with a header row and CRLF line ends. */
export function toCsv(events: readonly AuditEventRowFragment[]): string {
  const lines = [COLUMNS.map(csvCell).join(','), ...events.map((event) => cellsOf(event).map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** A JSON array of the events as the API returns them (times in UTC). */
export function toJson(events: readonly AuditEventRowFragment[]): string {
  const plain = events.map(({ id, connectionCode, type, outcome, actor, at, lastAt, count, message }) => ({
    id,
    connectionCode,
    type,
    outcome,
    actor,
    at,
    lastAt,
    count,
    message,
  }));
  return `${JSON.stringify(plain, null, 2)}\n`;
}

export interface PageOf {
  events: AuditEventRowFragment[];
  endCursor?: string | null | undefined;
  hasNextPage: boolean;
}

/** Every event, following `endCursor` until the last page. */
export async function fetchAll(
  fetchPage: (after: string | null) => Promise<PageOf>,
  onProgress?: (count: number) => void,
): Promise<AuditEventRowFragment[]> {
  const events: AuditEventRowFragment[] = [];
  let after: string | null = null;
  for (;;) {
    const page: PageOf = await fetchPage(after);
    events.push(...page.events);
    onProgress?.(events.length);
    if (!page.hasNextPage || !page.endCursor) return events;
    after = page.endCursor;
  }
}

/** history-CODE-2026-11-30T10-00-00Z.csv */
export function exportFileName(connectionCode: string, format: ExportFormat, now: Date): string {
  return `history-${connectionCode}-${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z.${format}`;
}

/** Hands the text to the browser as a download. */
export function download(text: string, fileName: string, format: ExportFormat): void {
  const type = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json';
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
