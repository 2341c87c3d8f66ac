import { errorCodes, isErrorCode, type ErrorCode } from '@grantkeeper/schema';

/** What the console shows for a failed operation: the stable code and the server's message. */
export interface ApiProblem {
  code: ErrorCode | 'NETWORK_ERROR' | 'UNKNOWN';
  message: string;
  /** A more specific engine code (`extensions.reason`), when the server gives one. */
  reason?: string;
  /** For a refused sign-in (`TOO_MANY_ATTEMPTS`): seconds until the next attempt is accepted. */
  retryAfterSeconds?: number;
}

interface GraphQLErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

function firstGraphQLError(error: unknown): GraphQLErrorLike | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { graphQLErrors?: unknown; errors?: unknown };
  const list = Array.isArray(candidate.graphQLErrors) ? candidate.graphQLErrors : Array.isArray(candidate.errors) ? candidate.errors : [];
  const first: unknown = list[0];
  if (typeof first === 'object' && first !== null && 'message' in first) return first as GraphQLErrorLike;
  return undefined;
}

/** Reads an Apollo error (or anything thrown) into an {@link ApiProblem} by `extensions.code`. */
export function toApiProblem(error: unknown): ApiProblem {
  const gqlError = firstGraphQLError(error);
  if (gqlError) {
    const code = gqlError.extensions?.['code'];
    const reason = gqlError.extensions?.['reason'];
    const retryAfter = gqlError.extensions?.['retryAfterSeconds'];
    return {
      code: isErrorCode(code) ? code : 'UNKNOWN',
      message: gqlError.message,
      ...(typeof reason === 'string' ? { reason } : {}),
      ...(typeof retryAfter === 'number' && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
  if (typeof error === 'object' && error !== null && 'networkError' in error && error.networkError) {
    return { code: 'NETWORK_ERROR', message: 'The Grantkeeper server could not be reached. Check your connection and try again.' };
  }
  return { code: 'UNKNOWN', message: error instanceof Error ? error.message : 'Something went wrong.' };
}

/** A short heading for each code, shown above the server's message. */
export function problemTitle(code: ApiProblem['code']): string {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 'Sign-in required';
    case 'FORBIDDEN':
      return 'Not allowed for your role';
    case 'NOT_FOUND':
      return 'Not found';
    case 'BAD_USER_INPUT':
      return 'Check your input';
    case 'NOT_AUTHORIZED':
      return 'Not authorized yet';
    case 'REAUTHORIZATION_REQUIRED':
      return 'Reauthorization required';
    case 'PROVIDER_ERROR':
      return 'The identity provider failed';
    case 'CONFLICT':
      return 'Conflict';
    case 'PAYLOAD_TOO_LARGE':
      return 'Request body too large';
    case 'UPSTREAM_TIMEOUT':
      return 'The API did not answer in time';
    case 'NETWORK_ERROR':
      return 'Server unreachable';
    case 'INTERNAL_SERVER_ERROR':
    case 'UNKNOWN':
      return 'Something went wrong';
  }
}

/** What the user can do about it, from the catalogue in `@grantkeeper/schema`. */
export function problemHint(code: ApiProblem['code']): string {
  if (code === 'NETWORK_ERROR') return 'Check that the Grantkeeper server is running, then try again.';
  if (code === 'UNKNOWN') return '';
  return errorCodes[code].hint;
}
