/**
 * The one mapper from every error a request can raise to the contract's `extensions.code`
 * (plus INTERNAL_SERVER_ERROR). A more specific oauth-core or framework code goes in
 * `extensions.reason`. Unknown errors get a generic message and are logged, never echoed.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { isOAuthCoreError } from '@grantkeeper/oauth-core';
import { isErrorCode } from '@grantkeeper/schema';
import { isAuthError } from '../auth/index.js';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ServiceError, type PublicErrorCode } from '../services/errors.js';

/** Framework codes for requests the client got wrong: all BAD_USER_INPUT with the code as reason. */
const CLIENT_FAULT_CODES = new Set<string>([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

const GENERIC_MESSAGE = 'Internal server error';

export interface MappedError {
  code: PublicErrorCode;
  message: string;
  reason?: string;
  /** Seconds until a refused request may be retried (sign-in rate limit). */
  retryAfterSeconds?: number;
}

/** Maps one original error (already unwrapped from its GraphQLError) to a public error. */
export function mapError(original: unknown): MappedError | null {
  if (original instanceof ServiceError) {
    return {
      code: original.code,
      message: original.code === 'INTERNAL_SERVER_ERROR' ? GENERIC_MESSAGE : original.message,
      ...(original.reason ? { reason: original.reason } : {}),
    };
  }
  if (isAuthError(original)) {
    return {
      code: original.code,
      message: original.message,
      reason: original.reason,
      ...(original.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: original.retryAfterSeconds }
        : {}),
    };
  }
  if (isOAuthCoreError(original)) {
    const code = original.publicCode as PublicErrorCode;
    if (code === 'INTERNAL_SERVER_ERROR') return null;
    return { code, message: original.message, reason: original.code };
  }
  if (original instanceof GraphQLError) {
    const code = original.extensions?.['code'];
    if (code === 'UNAUTHORIZED') return { code: 'FORBIDDEN', message: original.message };
    if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') {
      return { code, message: original.message };
    }
    if (typeof code === 'string' && CLIENT_FAULT_CODES.has(code)) {
      return { code: 'BAD_USER_INPUT', message: original.message, reason: code };
    }
    // A GraphQLError without a code raised by graphql-js itself (e.g. a bad enum or scalar value
    // during execution) is a client fault; one wrapping an original error is not.
    if (code === undefined && original.originalError === undefined) {
      return { code: 'BAD_USER_INPUT', message: original.message };
    }
  }
  return null;
}

/** Apollo `formatError`: the only place errors become wire errors. */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const mapped = mapError(original);
    const base: GraphQLFormattedError = {
      message: mapped?.message ?? GENERIC_MESSAGE,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: {
        code: mapped?.code ?? 'INTERNAL_SERVER_ERROR',
        ...(mapped?.reason ? { reason: mapped.reason } : {}),
        ...(mapped?.retryAfterSeconds !== undefined
          ? { retryAfterSeconds: mapped.retryAfterSeconds }
          : {}),
      },
    };
    if (!mapped) {
      const err = original instanceof Error ? original : new Error(String(original));
      logger.error(
        { err: { type: err.name, message: err.message, stack: err.stack }, path: formatted.path },
        'unexpected error in a GraphQL request',
      );
    }
    return base;
  };
}
