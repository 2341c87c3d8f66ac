import type { AuthorizationStatus, ConnectionListItemFragment } from '../gql/graphql';
import { authenticationTypeLabels } from './auth-types';
import { needsAttention } from './overview';

/** A status, or NEEDS_ATTENTION: expired, refresh failing or re-authorization required. */
export type StatusFilter = AuthorizationStatus | 'ALL' | 'NEEDS_ATTENTION';

/** Case-insensitive text match on code, name and authentication type, plus a status match. */
export function filterConnections(
  items: readonly ConnectionListItemFragment[],
  text: string,
  status: StatusFilter,
  now: Date = new Date(),
): ConnectionListItemFragment[] {
  const needle = text.trim().toLowerCase();
  return items.filter((item) => {
    if (status === 'NEEDS_ATTENTION') {
      if (!needsAttention(item, now)) return false;
    } else if (status !== 'ALL' && item.authorization?.status !== status) return false;
    if (!needle) return true;
    return [item.code, item.name, authenticationTypeLabels[item.authenticationType]].some((value) => value.toLowerCase().includes(needle));
  });
}
