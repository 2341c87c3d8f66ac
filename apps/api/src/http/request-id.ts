import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's request id when it is short and harmless, else a random UUID. */
export function safeRequestId(given: unknown): string {
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/**
 * A request id: the caller's `X-Request-Id` when it is short and harmless (so a proxy's id
 * flows through the logs), else a random UUID.
 */
export function requestId(req: IncomingMessage): string {
  return safeRequestId(req.headers['x-request-id']);
}
