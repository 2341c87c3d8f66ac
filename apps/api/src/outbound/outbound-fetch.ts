/**
 * The `fetch` the server hands to oauth-core (discovery, token and revocation endpoints): undici's
 * fetch over the policy-bound Agent. A connection refused by the address policy becomes the
 * engine's ConfigurationError (public code BAD_USER_INPUT) naming the host, so the admin learns
 * that the settings point somewhere Grantkeeper will not go; the engine passes it on unchanged.
 */
import { ConfigurationError, type HttpFetch } from '@grantkeeper/oauth-core';
import { fetch as undiciFetch, type Dispatcher } from 'undici';
import { isOutboundAddressRefused } from './address-policy.js';

/** The policy refusal inside a failed fetch (undici wraps connect errors in a TypeError). */
export function policyRefusalOf(error: unknown): Error | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    if (isOutboundAddressRefused(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function createOutboundFetch(dispatcher: Dispatcher): HttpFetch {
  return async (input, init) => {
    try {
      const response = await undiciFetch(input, {
        ...(init as Parameters<typeof undiciFetch>[1]),
        dispatcher,
      });
      return response as unknown as Response;
    } catch (error) {
      const refusal = policyRefusalOf(error);
      if (refusal) throw new ConfigurationError('INVALID_CONFIGURATION', refusal.message, { cause: error });
      throw error;
    }
  };
}
