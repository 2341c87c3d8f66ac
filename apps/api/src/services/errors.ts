/**
 * The API's one family of expected errors: a stable public `code` (the contract's
 * `extensions.code`), an optional more specific `reason`, and for a refused sign-in the seconds
 * until it may be retried. Every subclass (e.g. `AuthError`) takes the same arguments. Messages
 * are user-facing and never quote a secret; a `cause` is kept but never enumerable (so neither
 * logged by accident nor serialised).
 */
import type { ErrorCode } from '@grantkeeper/schema';

/** The contract's `extensions.code` values: the catalogue in @grantkeeper/schema. */
export type PublicErrorCode = ErrorCode;

export interface ServiceErrorOptions<Reason extends string = string> {
  reason?: Reason;
  /** Seconds until a refused request may be tried again (sign-in rate limit). */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class ServiceError<Reason extends string = string> extends Error {
  override readonly name: string = 'ServiceError';
  readonly code: PublicErrorCode;
  readonly reason: Reason | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: PublicErrorCode, message: string, options: ServiceErrorOptions<Reason> = {}) {
    super(message);
    this.code = code;
    this.reason = options.reason;
    this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
    }
  }
}

export const badInput = (message: string, reason?: string): ServiceError => new ServiceError('BAD_USER_INPUT', message, { reason });

export const notFound = (message: string): ServiceError => new ServiceError('NOT_FOUND', message);
