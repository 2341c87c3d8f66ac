/**
 * The one mapper from every error a request can raise to a wire error: the contract's
 * `extensions.code` (plus INTERNAL_SERVER_ERROR), a more specific oauth-core or framework code in
 * `extensions.reason`, and `extensions.retryAfterSeconds` for a refused sign-in. HTTP GraphQL
 * (Apollo's `formatError`), body-level HTTP failures and graphql-ws all go through
 * `toWireError`. Unknown errors get a generic message and are logged, never echoed.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { isOAuthCoreError } from '@grantkeeper/oauth-core';
import { isErrorCode } from '@grantkeeper/schema';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
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
    if (original.code === 'INTERNAL_SERVER_ERROR') return { code: original.code, message: GENERIC_MESSAGE };
    return {
      code: original.code,
      message: original.message,
      ...(original.reason ? { reason: original.reason } : {}),
      ...(original.retryAfterSeconds !== undefined ? { retryAfterSeconds: original.retryAfterSeconds } : {}),
    };
  }
  if (isOAuthCoreError(original)) {
    const code = original.publicCode as PublicErrorCode;
    if (code === 'INTERNAL_SERVER_ERROR') return null;
    return { code, message: original.message, reason: original.code };
  }
  if (original instanceof GraphQLError) return mapGraphQLError(original);
  return null;
}

function mapGraphQLError(error: GraphQLError): MappedError | null {
  // Ours, wrapped without a path (e.g. thrown while a subscription streams).
  const wrapped = error.originalError;
  if (wrapped instanceof ServiceError || isOAuthCoreError(wrapped)) return mapError(wrapped);
  const code = error.extensions?.['code'];
  if (code === 'UNAUTHORIZED') return { code: 'FORBIDDEN', message: error.message };
  if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') return { code, message: error.message };
  if (typeof code === 'string' && CLIENT_FAULT_CODES.has(code)) {
    return { code: 'BAD_USER_INPUT', message: error.message, reason: code };
  }
  // A GraphQLError without a code raised by graphql-js itself (a syntax error, a failed
  // validation rule, a bad enum or scalar value) is a client fault; one wrapping an original
  // error is not.
  if (code === undefined && error.originalError === undefined) {
    return { code: 'BAD_USER_INPUT', message: error.message };
  }
  return null;
}

/** Where in the document and the result an error happened (kept as given). */
type ErrorPlace = Pick<GraphQLFormattedError, 'locations' | 'path'>;

/**
 * Any error (a GraphQLError from a resolver, parse or validation; a ServiceError; anything
 * else) as the error a client receives. Errors no mapper knows are logged here, through pino's
 * `err` serializer, and answered with a generic message.
 */
export function toWireError(error: unknown, logger: Logger, place: ErrorPlace = placeOf(error)): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const mapped = mapError(original);
  if (!mapped) {
    const err = original instanceof Error ? original : new Error(String(original));
    logger.error({ err, path: place.path }, 'unexpected error in a GraphQL request');
  }
  return {
    message: mapped?.message ?? GENERIC_MESSAGE,
    ...(place.locations ? { locations: place.locations } : {}),
    ...(place.path ? { path: place.path } : {}),
    extensions: {
      code: mapped?.code ?? 'INTERNAL_SERVER_ERROR',
      ...(mapped?.reason ? { reason: mapped.reason } : {}),
      ...(mapped?.retryAfterSeconds !== undefined ? { retryAfterSeconds: mapped.retryAfterSeconds } : {}),
    },
  };
}

function placeOf(error: unknown): ErrorPlace {
  if (!(error instanceof GraphQLError)) return {};
  return { ...(error.locations ? { locations: error.locations } : {}), ...(error.path ? { path: error.path } : {}) };
}

/** Apollo `formatError`. */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => toWireError(error, logger, formatted);
}

/** graphql-ws `onError` and `onNext`: the same wire errors as over HTTP. */
export function webSocketErrorFormatters(logger: Logger) {
  const format = (errors: readonly unknown[]) => errors.map((error) => toWireError(error, logger));
  return {
    onError: (_ctx: unknown, _id: string, _payload: unknown, errors: readonly GraphQLError[]) => format(errors),
    onNext: (
      _ctx: unknown,
      _id: string,
      _payload: unknown,
      _args: unknown,
      result: ExecutionResult | FormattedExecutionResult,
    ): FormattedExecutionResult | undefined => {
      if (!result.errors?.length) return undefined;
      return { ...(result as FormattedExecutionResult), errors: format(result.errors) };
    },
  };
}
