import type { AuthorizationFieldsFragment, TokenState } from '../gql/graphql';
import { formatExact, statusDisplay, type StatusDisplay } from './status';

export type TokenFields = Pick<
  AuthorizationFieldsFragment,
  'status' | 'tokenState' | 'tokenExpiresAt' | 'consecutiveRefreshFailures' | 'refreshFailingSince' | 'nextRefreshAt' | 'statusReason'
>;

/** The server's token state, moved on to EXPIRED when the expiry passed since it was read. */
export function effectiveTokenState(authorization: TokenFields, now: Date): TokenState {
  const expiresAt = authorization.tokenExpiresAt ? new Date(authorization.tokenExpiresAt).getTime() : null;
  if (authorization.tokenState !== 'NONE' && expiresAt !== null && expiresAt <= now.getTime()) return 'EXPIRED';
  return authorization.tokenState;
}

export interface TokenStateDisplay extends Omit<StatusDisplay, 'severity'> {
  severity: StatusDisplay['severity'] | 'warn';
  tokenState: TokenState | null;
}

/** What the status badge says: for an authorized connection, whether its token is usable now. */
export function tokenStateDisplay(authorization: TokenFields | null | undefined, now: Date): TokenStateDisplay {
  if (!authorization || authorization.status !== 'AUTHORIZED') {
    return { ...statusDisplay(authorization?.status), tokenState: authorization?.tokenState ?? null };
  }
  const state = effectiveTokenState(authorization, now);
  const failing = authorization.consecutiveRefreshFailures > 0;
  const base = { tokenState: state };
  switch (state) {
    case 'EXPIRED':
      return {
        ...base,
        label: 'Expired',
        severity: 'danger',
        icon: 'pi pi-times-circle',
        description: failing
          ? 'The access token expired and refreshing it keeps failing; Grantkeeper keeps retrying.'
          : 'The access token expired; it is refreshed when next used or by the refresher.',
      };
    case 'EXPIRING':
      return {
        ...base,
        label: failing ? 'Refresh failing' : 'Expiring',
        severity: 'warn',
        icon: failing ? 'pi pi-exclamation-triangle' : 'pi pi-clock',
        description: failing
          ? 'The access token is still valid but refreshing it failed; Grantkeeper keeps retrying.'
          : 'The access token is within its refresh margin; a refresh is due.',
      };
    case 'NONE':
      return {
        ...base,
        label: 'No access token',
        severity: 'warn',
        icon: 'pi pi-question-circle',
        description: 'Authorized, but no access token is stored; a refresh gets one.',
      };
    case 'VALID':
    default:
      return {
        ...base,
        label: 'Authorized',
        severity: 'success',
        icon: 'pi pi-check-circle',
        description: 'A valid access token is stored.',
      };
  }
}

/** "Refresh failing since …, next try at …: <the provider's last error>", or '' when not failing. */
export function refreshFailureText(authorization: TokenFields | null | undefined, locale?: string, timeZone?: string): string {
  if (!authorization || authorization.consecutiveRefreshFailures === 0) return '';
  const since = authorization.refreshFailingSince ? ` since ${formatExact(authorization.refreshFailingSince, locale, timeZone)}` : '';
  const next = authorization.nextRefreshAt ? `, next try at ${formatExact(authorization.nextRefreshAt, locale, timeZone)}` : '';
  const count = authorization.consecutiveRefreshFailures;
  const attempts = ` (${count} failed attempt${count === 1 ? '' : 's'})`;
  const why = authorization.statusReason ? `: ${authorization.statusReason.replace(/^Refresh failed at .*? UTC: /, '')}` : '';
  return `Refresh failing${since}${next}${attempts}${why}`;
}
