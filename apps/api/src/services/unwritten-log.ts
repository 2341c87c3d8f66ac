/**
 * The log of a refreshed token set kept after its write failed (the RefreshCoordinator's, for a
 * manual refresh, and the refresher's): the code of the error only, no SQL, no token.
 */
import type { UnwrittenEvent } from '@grantkeeper/oauth-core';
import type { Logger } from 'pino';

const errorCodeOf = (error: unknown): string =>
  String((error as { code?: unknown }).code ?? (error as { previous?: { code?: unknown } }).previous?.code ?? (error as Error).name);

export function logUnwritten(logger: Logger, { resource, outcome, attempts, error }: UnwrittenEvent): void {
  const fields = { connectionId: resource, attempts, ...(error === undefined ? {} : { code: errorCodeOf(error) }) };
  if (outcome === 'retrying') logger.warn(fields, 'refreshed tokens still not stored; kept with the lease, retrying');
  else if (outcome === 'written') logger.warn(fields, 'refreshed tokens stored on a background retry; lease released');
  else logger.error({ ...fields, outcome }, 'refreshed tokens not stored and given up; the refresh token may be spent');
}
