/**
 * Grantkeeper's own answers on /proxy (never the upstream's): the status of each public code per
 * OUTBOUND.md's table, the header `x-grantkeeper-error: <CODE>` and the body
 * `{"error":{"code":"<CODE>","message":"<text>"}}`. Every failure (auth, engine, undici) is
 * mapped here, once; messages never quote a token, key or secret.
 */
import { isOAuthCoreError } from '@grantkeeper/oauth-core';
import { isErrorCode, type ErrorCode } from '@grantkeeper/schema';
import { errors as undiciErrors } from 'undici';
import { isAuthError } from '../auth/index.js';
import { policyRefusalOf } from '../outbound/outbound-fetch.js';
import { ServiceError } from '../services/index.js';

export const GRANTKEEPER_ERROR_HEADER = 'x-grantkeeper-error';

const statusOfCode: Partial<Record<ErrorCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  NOT_AUTHORIZED: 409,
  REAUTHORIZATION_REQUIRED: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  PROVIDER_ERROR: 502,
  UPSTREAM_TIMEOUT: 504,
};

/** A proxy failure with its public code; the HTTP status follows from the code. */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message);
    if (options?.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
  }

  get status(): number {
    return statusOfCode[this.code] ?? 500;
  }
}

function isUpstreamTimeout(error: unknown): boolean {
  return error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
}

/** Any failure of a proxied request as a ProxyError (unknown failures: 500, a generic message). */
export function toProxyError(error: unknown): ProxyError {
  if (error instanceof ProxyError) return error;
  const refusal = policyRefusalOf(error);
  if (refusal) return new ProxyError('BAD_USER_INPUT', refusal.message, { cause: error });
  if (error instanceof ServiceError || isAuthError(error)) {
    return new ProxyError(error.code, error.message, { cause: error });
  }
  if (isOAuthCoreError(error) && isErrorCode(error.publicCode)) {
    return new ProxyError(error.publicCode, error.message, { cause: error });
  }
  if (isUpstreamTimeout(error)) {
    return new ProxyError('UPSTREAM_TIMEOUT', 'The upstream API did not answer within PROXY_TIMEOUT_MS.', { cause: error });
  }
  if (error instanceof undiciErrors.UndiciError || (error as { code?: unknown })?.code !== undefined) {
    return new ProxyError('PROVIDER_ERROR', 'The upstream API could not be reached.', { cause: error });
  }
  return new ProxyError('INTERNAL_SERVER_ERROR', 'The request could not be proxied because of an internal error.', {
    cause: error,
  });
}

export function proxyErrorBody(error: ProxyError): string {
  return JSON.stringify({ error: { code: error.code, message: error.message } });
}
