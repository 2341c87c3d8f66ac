import type { AuthorizationStatus, ConnectionListItemFragment } from '../gql/graphql';
import { authenticationTypeLabels } from './auth-types';

export type StatusFilter = AuthorizationStatus | 'ALL';

/** Case-insensitive text match on code, name and authentication type, plus a status match. */
export function filterConnections(
  items: readonly ConnectionListItemFragment[],
  text: string,
  status: StatusFilter,
): ConnectionListItemFragment[] {
  const needle = text.trim().toLowerCase();
  return items.filter((item) => {
    if (status !== 'ALL' && item.authorization?.status !== status) return false;
    if (!needle) return true;
    return [item.code, item.name, authenticationTypeLabels[item.authenticationType]].some((value) =>
      value.toLowerCase().includes(needle),
    );
  });
}
