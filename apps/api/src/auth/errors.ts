/**
 * Errors of sign-in, users, keys and workspaces: the API's `ServiceError` with the public codes these
 * can raise and a more specific `reason`. Messages never quote a password, token or key.
 */
import { ServiceError, type PublicErrorCode, type ServiceErrorOptions } from '../services/errors.js';

export type AuthErrorCode = Extract<PublicErrorCode, 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT'>;

export type AuthErrorReason =
  | 'INVALID_CREDENTIALS'
  | 'TOO_MANY_ATTEMPTS'
  | 'INVALID_API_KEY'
  | 'API_KEY_EXPIRED'
  | 'MALFORMED_AUTHORIZATION'
  | 'WORKSPACE_MISMATCH'
  | 'UNKNOWN_WORKSPACE'
  | 'ALREADY_EXISTS'
  | 'ACCOUNT_DISABLED'
  | 'WRONG_PASSWORD'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'LAST_ADMIN'
  | 'SESSION_REQUIRED'
  | 'WORKSPACE_LIMITED';

export class AuthError extends ServiceError<AuthErrorReason> {
  override readonly name: string = 'AuthError';
  declare readonly code: AuthErrorCode;
  declare readonly reason: AuthErrorReason;

  constructor(code: AuthErrorCode, message: string, options: ServiceErrorOptions<AuthErrorReason> & { reason: AuthErrorReason }) {
    super(code, message, options);
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}
