import type { AuthorizationStatus } from '../gql/graphql';

export interface StatusDisplay {
  label: string;
  severity: 'success' | 'secondary' | 'danger';
  icon: string;
  description: string;
}

/** The seed's Authorization Status values, plus the state it lacks (refresh token rejected). */
export function statusDisplay(status: AuthorizationStatus | null | undefined): StatusDisplay {
  switch (status) {
    case 'AUTHORIZED':
      return {
        label: 'Authorized',
        severity: 'success',
        icon: 'pi pi-check-circle',
        description: 'A valid authorization (access token and refresh token) is stored.',
      };
    case 'REAUTHORIZATION_REQUIRED':
      return {
        label: 'Reauthorization required',
        severity: 'danger',
        icon: 'pi pi-exclamation-triangle',
        description: 'The provider rejected the refresh token. Use Start Authorization to authorize again.',
      };
    case 'NOT_AUTHORIZED':
    default:
      return {
        label: 'Not Authorized',
        severity: 'secondary',
        icon: 'pi pi-circle',
        description: 'No authorization is stored. Use Start Authorization.',
      };
  }
}

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "in 59 minutes", "3 hours ago", "now" — relative to `now`. */
export function formatRelative(iso: string, now: Date, locale = 'en'): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '—';
  const seconds = Math.round((at.getTime() - now.getTime()) / 1000);
  if (Math.abs(seconds) < 5) return 'now';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(seconds, 'second');
}

/** The exact date and time, for a hover title and for screen readers. */
export function formatExact(iso: string, locale?: string, timeZone?: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '—';
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'medium',
    ...(timeZone ? { timeZone } : {}),
  }).format(at);
}

export interface ExpiryDisplay {
  /** Relative text, e.g. "in 59 minutes" or "expired 3 minutes ago". */
  text: string;
  /** Exact time for the title attribute; empty when there is no expiry. */
  exact: string;
  expired: boolean;
}

/** Token Expiry as shown in lists and on the authorization page. */
export function expiryDisplay(iso: string | null | undefined, now: Date, locale = 'en', timeZone?: string): ExpiryDisplay {
  if (!iso) return { text: '—', exact: '', expired: false };
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return { text: '—', exact: '', expired: false };
  const expired = at.getTime() <= now.getTime();
  const relative = formatRelative(iso, now, locale);
  return {
    text: expired ? `expired ${relative}` : relative === 'now' ? 'expires now' : relative,
    exact: formatExact(iso, locale, timeZone),
    expired,
  };
}
