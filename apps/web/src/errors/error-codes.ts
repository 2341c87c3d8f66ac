/**
 * The stable `extensions.code` values of the Grantkeeper API (contract.graphql header).
 * Mirrors the catalogue in `@grantkeeper/schema` (`errorCodes`); the console decides on these
 * codes only, never on message text.
 */
export const errorCodes = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'NOT_AUTHORIZED',
  'REAUTHORIZATION_REQUIRED',
  'PROVIDER_ERROR',
  'CONFLICT',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
