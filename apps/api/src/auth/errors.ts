/**
 * Errors of sign-in, keys and workspaces. `code` is a public GraphQL code from the contract
 * (the API's one error mapper copies it to `extensions.code`); `reason` is more specific.
 * Messages never quote a password, token or key.
 */
export type AuthErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT';

export type AuthErrorReason =
  | 'INVALID_CREDENTIALS'
  | 'TOO_MANY_ATTEMPTS'
  | 'INVALID_API_KEY'
  | 'MALFORMED_AUTHORIZATION'
  | 'WORKSPACE_MISMATCH'
  | 'UNKNOWN_WORKSPACE'
  | 'INVALID_INPUT'
  | 'ALREADY_EXISTS';

export class AuthError extends Error {
  override readonly name = 'AuthError';

  constructor(
    readonly code: AuthErrorCode,
    readonly reason: AuthErrorReason,
    message: string,
    /** Seconds until a rate-limited sign-in may be tried again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}
