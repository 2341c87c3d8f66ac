/**
 * The public error codes of the Grantkeeper GraphQL API (`extensions.code`), with what each
 * means and what a user should do. The API maps every error to one of these in one place; the
 * console imports this catalogue to show the hint. A more specific engine code may arrive in
 * `extensions.reason`.
 */
export const errorCodes = {
  UNAUTHENTICATED: {
    description: 'The request carries no valid session or API key.',
    hint: 'Sign in again, or send a valid API key as "Authorization: Bearer <key>".',
  },
  FORBIDDEN: {
    description: 'The caller is signed in but its role does not allow this action.',
    hint: 'Ask an administrator for the OPERATOR or ADMIN role.',
  },
  NOT_FOUND: {
    description: 'No such connection, API key or workspace in this workspace.',
    hint: 'Check the code or id, and the workspace you are acting in.',
  },
  BAD_USER_INPUT: {
    description: 'The input is malformed, too large, or not allowed for this connection.',
    hint: 'Correct the highlighted values and try again.',
  },
  NOT_AUTHORIZED: {
    description: 'No usable authorization is stored for this connection.',
    hint: 'Use Start Authorization to authorize the connection.',
  },
  REAUTHORIZATION_REQUIRED: {
    description: 'The provider rejected the stored refresh token (expired or revoked).',
    hint: 'Use Start Authorization to authorize the connection again.',
  },
  PROVIDER_ERROR: {
    description: 'The identity provider failed, rejected the request, or could not be reached.',
    hint: 'Try again later; if it persists, check the connection settings and the provider status.',
  },
  CONFLICT: {
    description: 'The resource already exists or was changed at the same time by someone else.',
    hint: 'Reload and try again, or choose another code.',
  },
  PAYLOAD_TOO_LARGE: {
    description: 'The request body sent to the proxy is larger than PROXY_MAX_BODY_BYTES.',
    hint: 'Send a smaller body, or ask the operator to raise PROXY_MAX_BODY_BYTES.',
  },
  UPSTREAM_TIMEOUT: {
    description: "The connection's API did not answer the proxied request within PROXY_TIMEOUT_MS.",
    hint: 'Try again later; if it persists, check the API or ask the operator to raise PROXY_TIMEOUT_MS.',
  },
  INTERNAL_SERVER_ERROR: {
    description: 'An unexpected error occurred on the server.',
    hint: 'Try again; if it persists, check the server logs.',
  },
} as const satisfies Record<string, { description: string; hint: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** Every public code, in catalogue order. */
export const errorCodeList = Object.keys(errorCodes) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(errorCodes, value);
}
