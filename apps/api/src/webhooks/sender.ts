/**
 * One delivery attempt: a signed POST through the outbound Agent (so the address policy applies
 * to the address connected to), redirects not followed, 10 s for the whole exchange. The answer
 * body is read and dropped; only its status is kept.
 *
 * The time limit is undici's own headersTimeout/bodyTimeout for the request and one plain timer
 * for the rest of the body, not an AbortSignal.timeout per attempt (a signal, a listener and a
 * finalization entry each: about 4 % of the dispatcher's CPU in a profile); an answer without a
 * body needs no timer at all.
 */
import type { KeyObject } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import { policyRefusalOf } from '../outbound/outbound-fetch.js';
import { signWebhook } from './signature.js';

export const DELIVERY_TIMEOUT_MS = 10_000;

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const isTimeout = (error: unknown) => TIMEOUT_CODES.has((error as { code?: unknown } | null)?.code as string);

/** An answer without a body (204, 304, or `content-length: 0`): nothing to wait for, no timer. */
const isEmpty = ({ statusCode, headers }: Dispatcher.ResponseData) =>
  statusCode === 204 || statusCode === 304 || headers['content-length'] === '0';

/** Reads and drops at most 64 KiB of the answer, for at most `ms` (then the socket is closed). */
async function dropBody({ body }: Dispatcher.ResponseData, ms: number): Promise<void> {
  if (ms <= 0) return void body.destroy();
  const timer = setTimeout(() => body.destroy(), ms);
  try {
    await body.dump({ limit: 64 * 1024 });
  } catch {
    // the status is what counts
  } finally {
    clearTimeout(timer);
  }
}

export interface DeliveryAttempt {
  url: string;
  /** The webhook's signing key (see webhookSigningKey). */
  key: KeyObject;
  id: string;
  payload: string;
  timestampSeconds: number;
}

export type SendResult = { ok: true; statusCode: number } | { ok: false; statusCode: number | null; error: string };

/** A short, secret-free reason for a failed exchange. */
function describeFailure(error: unknown, timedOut: boolean): string {
  if (timedOut) return `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s.`;
  const refusal = policyRefusalOf(error);
  if (refusal) return refusal.message;
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (code === 'ECONNREFUSED') return 'Connection refused.';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'The host name could not be resolved.';
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'The connection was closed.';
    current = (current as { cause?: unknown }).cause;
  }
  return 'The request failed.';
}

export type WebhookSender = (attempt: DeliveryAttempt) => Promise<SendResult>;

export function createWebhookSender(dispatcher: Dispatcher, timeoutMs = DELIVERY_TIMEOUT_MS): WebhookSender {
  return async (attempt) => {
    const started = Date.now();
    try {
      const response = await request(attempt.url, {
        method: 'POST',
        dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Grantkeeper-Webhooks',
          'webhook-id': attempt.id,
          'webhook-timestamp': String(attempt.timestampSeconds),
          'webhook-signature': signWebhook(attempt.key, attempt.id, attempt.timestampSeconds, attempt.payload),
        },
        body: attempt.payload,
      });
      if (isEmpty(response)) await response.body.dump();
      else await dropBody(response, started + timeoutMs - Date.now());
      const { statusCode } = response;
      if (statusCode >= 200 && statusCode < 300) return { ok: true, statusCode };
      return { ok: false, statusCode, error: `The receiver answered ${statusCode}.` };
    } catch (error) {
      return { ok: false, statusCode: null, error: describeFailure(error, isTimeout(error)) };
    }
  };
}
