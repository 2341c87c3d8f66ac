import { isOAuthCoreError, ProviderError } from '@grantkeeper/oauth-core';
import { ServiceError } from './errors.js';

/**
 * What Test Token says when the stored token expired and refreshing it failed: only a refresh
 * token the provider rejected needs Start Authorization; a provider that is down (network,
 * 5xx, 429) or answered oddly is retried by the refresher, and the message says so.
 */
export function refreshFailureMessage(error: unknown): string {
  const why = isOAuthCoreError(error) || error instanceof ServiceError ? error.message : 'the refresh failed.';
  if (isOAuthCoreError(error) && error.code === 'REAUTHORIZATION_REQUIRED') {
    return `The stored token expired and the provider rejected the refresh token: ${why} Use Start Authorization to authorize this connection again.`;
  }
  const status = error instanceof ProviderError && error.status !== undefined ? ` (HTTP ${error.status})` : '';
  if (error instanceof ProviderError && error.transient) {
    return `The stored token expired and the provider is unavailable right now${status}: ${why} This is usually temporary: Grantkeeper keeps retrying automatically; there is no need to authorize again.`;
  }
  return `The stored token expired and could not be refreshed${status}: ${why} Grantkeeper retries automatically; if this persists, check the connection's settings at the provider.`;
}
