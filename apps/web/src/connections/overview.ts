/**
 * The connections overview: what needs attention (expired, refresh failing, re-authorization
 * required), the counts per status shown at the top, and the orders the list can take.
 */
import { effectiveTokenState } from '../authorization/token-state';
import type { ConnectionListItemFragment } from '../gql/graphql';

type Item = ConnectionListItemFragment;

/** Why a connection needs a person's attention; null when it does not. */
export function attentionReason(item: Item, now: Date): 'REAUTHORIZATION_REQUIRED' | 'EXPIRED' | 'REFRESH_FAILING' | null {
  const authorization = item.authorization;
  if (!authorization) return null;
  if (authorization.status === 'REAUTHORIZATION_REQUIRED') return 'REAUTHORIZATION_REQUIRED';
  if (authorization.status !== 'AUTHORIZED') return null;
  if (effectiveTokenState(authorization, now) === 'EXPIRED') return 'EXPIRED';
  return authorization.consecutiveRefreshFailures > 0 ? 'REFRESH_FAILING' : null;
}

export const needsAttention = (item: Item, now: Date): boolean => attentionReason(item, now) !== null;

export interface StatusCounts {
  AUTHORIZED: number;
  NOT_AUTHORIZED: number;
  REAUTHORIZATION_REQUIRED: number;
  /** Connections without an OAuth2 authorization (other authentication types). */
  NO_AUTHORIZATION: number;
  NEEDS_ATTENTION: number;
}

export function countByStatus(items: readonly Item[], now: Date): StatusCounts {
  const counts: StatusCounts = { AUTHORIZED: 0, NOT_AUTHORIZED: 0, REAUTHORIZATION_REQUIRED: 0, NO_AUTHORIZATION: 0, NEEDS_ATTENTION: 0 };
  for (const item of items) {
    counts[item.authorization?.status ?? 'NO_AUTHORIZATION'] += 1;
    if (needsAttention(item, now)) counts.NEEDS_ATTENTION += 1;
  }
  return counts;
}

export type SortOrder = 'CODE' | 'STATUS' | 'EXPIRY';

/** Most urgent first: re-authorization required, expired, refresh failing, expiring, valid, not authorized, none. */
function statusRank(item: Item, now: Date): number {
  const authorization = item.authorization;
  if (!authorization) return 7;
  switch (attentionReason(item, now)) {
    case 'REAUTHORIZATION_REQUIRED':
      return 0;
    case 'EXPIRED':
      return 1;
    case 'REFRESH_FAILING':
      return 2;
    default:
      break;
  }
  if (authorization.status === 'NOT_AUTHORIZED') return 6;
  const state = effectiveTokenState(authorization, now);
  return state === 'EXPIRING' ? 3 : state === 'VALID' ? 4 : 5;
}

const expiryOf = (item: Item): number => {
  const at = item.authorization?.tokenExpiresAt;
  return at ? Date.parse(at) : Number.POSITIVE_INFINITY;
};

/** A sorted copy; ties (and CODE) by code. By expiry: soonest (or longest expired) first, none last. */
export function sortConnections(items: readonly Item[], order: SortOrder, now: Date): Item[] {
  const byCode = (a: Item, b: Item) => a.code.localeCompare(b.code);
  const compare =
    order === 'STATUS'
      ? (a: Item, b: Item) => statusRank(a, now) - statusRank(b, now) || byCode(a, b)
      : order === 'EXPIRY'
        ? (a: Item, b: Item) => expiryOf(a) - expiryOf(b) || byCode(a, b)
        : byCode;
  return [...items].sort((a, b) => {
    const result = compare(a, b);
    return Number.isNaN(result) ? byCode(a, b) : result;
  });
}
