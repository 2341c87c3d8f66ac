/**
 * The `state` of a pending flow is never stored: only its SHA-256, base64url-encoded, so a
 * leaked flow table cannot be replayed against the callback.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.12 (CSRF protection with `state`)
 */
import { createHash } from 'node:crypto';

export function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('base64url');
}
