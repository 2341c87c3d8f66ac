/**
 * Errors of the API's services: a stable public `code` (the contract's `extensions.code`) and
 * an optional more specific `reason`. Messages are user-facing and never quote a secret.
 */
import type { ErrorCode } from '@grantkeeper/schema';

/** The contract's `extensions.code` values: the catalogue in @grantkeeper/schema. */
export type PublicErrorCode = ErrorCode;

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  readonly code: PublicErrorCode;
  readonly reason: string | undefined;

  constructor(code: PublicErrorCode, message: string, options?: { reason?: string; cause?: unknown }) {
    super(message);
    this.code = code;
    this.reason = options?.reason;
    if (options?.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
    }
  }
}

export const badInput = (message: string, reason?: string): ServiceError =>
  new ServiceError('BAD_USER_INPUT', message, reason ? { reason } : undefined);

export const notFound = (message: string): ServiceError => new ServiceError('NOT_FOUND', message);
