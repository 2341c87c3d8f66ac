import type { LocationQuery } from 'vue-router';

/** What `/oauth/callback` reported when it brought the browser back to the console. */
export type CallbackResult =
  | { kind: 'authorized' }
  | { kind: 'error'; reason: string; message: string };

function single(value: LocationQuery[string] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Reads `?result=authorized` or `?result=error&reason=…&message=…`; null when absent. */
export function readCallbackResult(query: LocationQuery): CallbackResult | null {
  const result = single(query['result']);
  if (result === 'authorized') return { kind: 'authorized' };
  if (result === 'error') {
    return {
      kind: 'error',
      reason: single(query['reason']) ?? 'UNKNOWN',
      message: single(query['message']) ?? 'The authorization did not complete.',
    };
  }
  return null;
}

/** A heading for the reasons the callback reports (the server's message gives the detail). */
export function callbackErrorTitle(reason: string): string {
  switch (reason) {
    case 'ACCESS_DENIED':
    case 'access_denied':
      return 'Consent was denied at the identity provider';
    case 'INVALID_STATE':
    case 'STATE_EXPIRED':
      return 'This authorization link is no longer valid';
    case 'PROVIDER_ERROR':
      return 'The identity provider reported an error';
    default:
      return 'Authorization failed';
  }
}
