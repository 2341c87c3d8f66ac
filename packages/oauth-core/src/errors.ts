/**
 * Errors of the engine: a few classes, each with a stable `code` from `errorCatalogue`.
 * Provider fields (`error`, `error_description`, HTTP status) are kept; raw responses and
 * anything secret live in non-enumerable properties so they never reach a log or a JSON dump.
 */

/** Every code the engine can throw, with the public (GraphQL `extensions.code`) code it maps to. */
export const errorCatalogue = {
  INVALID_CONFIGURATION: {
    publicCode: 'BAD_USER_INPUT',
    description: 'The provider configuration is incomplete or invalid.',
  },
  DISCOVERY_FAILED: {
    publicCode: 'BAD_USER_INPUT',
    description: 'The issuer metadata could not be discovered or is invalid.',
  },
  INVALID_STATE: {
    publicCode: 'BAD_USER_INPUT',
    description: 'The callback carries an unknown, forged or already used state.',
  },
  FLOW_EXPIRED: {
    publicCode: 'BAD_USER_INPUT',
    description: 'The pending authorization flow expired before the callback arrived.',
  },
  ACCESS_DENIED: {
    publicCode: 'BAD_USER_INPUT',
    description: 'The user or the provider declined the authorization request.',
  },
  AUTHORIZATION_RESPONSE_ERROR: {
    publicCode: 'PROVIDER_ERROR',
    description: 'The provider answered the authorization request with an error.',
  },
  ISSUER_MISMATCH: {
    publicCode: 'BAD_USER_INPUT',
    description: 'The authorization response came from an unexpected issuer (RFC 9207).',
  },
  MISSING_CODE: {
    publicCode: 'BAD_USER_INPUT',
    description: 'The authorization response carries no authorization code.',
  },
  INVALID_TOKEN_RESPONSE: {
    publicCode: 'PROVIDER_ERROR',
    description: 'The token endpoint returned a response that is not a valid token response.',
  },
  REAUTHORIZATION_REQUIRED: {
    publicCode: 'REAUTHORIZATION_REQUIRED',
    description: 'The provider rejected the refresh token; use Start Authorization again.',
  },
  PROVIDER_ERROR: {
    publicCode: 'PROVIDER_ERROR',
    description: 'The provider rejected the request.',
  },
  PROVIDER_UNAVAILABLE: {
    publicCode: 'PROVIDER_ERROR',
    description: 'The provider could not be reached or failed transiently (network, 5xx, 429).',
  },
  NOT_AUTHORIZED: {
    publicCode: 'NOT_AUTHORIZED',
    description: 'No usable authorization is stored.',
  },
  CONFLICT: {
    publicCode: 'CONFLICT',
    description: 'Another writer changed the authorization at the same time.',
  },
  REFRESH_BUSY: {
    publicCode: 'CONFLICT',
    description: 'Another process holds the refresh lease and did not finish in time.',
  },
  INVALID_MASTER_KEY: {
    publicCode: 'INTERNAL_SERVER_ERROR',
    description: 'The master key is not 32 bytes of base64.',
  },
  DECRYPTION_FAILED: {
    publicCode: 'INTERNAL_SERVER_ERROR',
    description: 'A stored value could not be decrypted (wrong key, or bound to another row).',
  },
  UNKNOWN_KEY_ID: {
    publicCode: 'INTERNAL_SERVER_ERROR',
    description: 'A stored value was encrypted with a key that is not configured.',
  },
} as const satisfies Record<string, { publicCode: string; description: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
export type PublicErrorCode = (typeof errorCatalogue)[ErrorCode]['publicCode'];

function hide(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: false, writable: false });
}

/** Base class: a stable `code`, a message that never quotes a token or secret. */
export abstract class OAuthCoreError extends Error {
  abstract override readonly name: string;
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message);
    this.code = code;
    if (options?.cause !== undefined) hide(this, 'cause', options.cause);
  }

  get publicCode(): PublicErrorCode {
    return errorCatalogue[this.code].publicCode;
  }
}

/** Configuration and discovery problems: fix the connection's settings. */
export class ConfigurationError extends OAuthCoreError {
  override readonly name = 'ConfigurationError';
}

/** The authorization response (callback) was rejected; nothing was stored. */
export class AuthorizationFlowError extends OAuthCoreError {
  override readonly name = 'AuthorizationFlowError';
  /** Provider `error` and `error_description`, when the provider sent them. */
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; error?: string; errorDescription?: string }) {
    super(code, message, options);
    this.error = options?.error;
    this.errorDescription = options?.errorDescription;
  }
}

/** The token, refresh or revocation endpoint failed or rejected the request. */
export class ProviderError extends OAuthCoreError {
  override readonly name = 'ProviderError';
  readonly error: string | undefined;
  readonly errorDescription: string | undefined;
  /** HTTP status of the provider's answer; undefined when it never answered. */
  readonly status: number | undefined;
  /** True for network failures, 5xx and 429: retry later with backoff. */
  readonly transient: boolean;
  /** From `Retry-After`, in milliseconds, when the provider sent it. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      cause?: unknown;
      error?: string | undefined;
      errorDescription?: string | undefined;
      status?: number | undefined;
      transient?: boolean;
      retryAfterMs?: number | undefined;
      response?: unknown;
    } = {},
  ) {
    super(code, message, options);
    this.error = options.error;
    this.errorDescription = options.errorDescription;
    this.status = options.status;
    this.transient = options.transient ?? false;
    this.retryAfterMs = options.retryAfterMs;
    if (options.response !== undefined) hide(this, 'response', options.response);
  }
}

/** No usable authorization is stored, or a write lost a race. */
export class AuthorizationStateError extends OAuthCoreError {
  override readonly name = 'AuthorizationStateError';
}

/** Master key and envelope problems. */
export class VaultError extends OAuthCoreError {
  override readonly name = 'VaultError';
}

export function isOAuthCoreError(value: unknown): value is OAuthCoreError {
  return value instanceof OAuthCoreError;
}
