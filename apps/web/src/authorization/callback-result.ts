import type { LocationQuery } from 'vue-router';

/** What `/oauth/callback` reported when it brought the browser back to the console. */
export type CallbackResult = { kind: 'authorized' } | { kind: 'error'; reason: string; message: string };

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

/**
 * A heading for the reasons the callback reports (oauth-core's error codes); the server's
 * message gives the detail.
 */
export function callbackErrorTitle(reason: string): string {
  switch (reason) {
    case 'ACCESS_DENIED':
      return 'Consent was denied at the identity provider';
    case 'INVALID_STATE':
    case 'FLOW_EXPIRED':
      return 'This authorization request is unknown or has expired';
    case 'ISSUER_MISMATCH':
      return 'The answer did not come from the configured identity provider';
    case 'AUTHORIZATION_RESPONSE_ERROR':
    case 'MISSING_CODE':
      return 'The identity provider returned an error';
    case 'INVALID_TOKEN_RESPONSE':
    case 'PROVIDER_ERROR':
    case 'PROVIDER_UNAVAILABLE':
      return 'The token exchange with the identity provider failed';
    default:
      return 'Authorization failed';
  }
}
