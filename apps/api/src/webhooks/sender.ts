/**
 * One delivery attempt: a signed POST through the outbound Agent (so the address policy applies
 * to the address connected to), redirects not followed, 10 s for the whole exchange. The answer
 * body is read and dropped (at most 64 KiB); only its status is kept.
 *
 * On undici's dispatch API with one handler object per attempt, not `request`: no response
 * stream, no promise per step, and no promise at all: the result goes to a callback (with
 * MikroORM's AsyncLocalStorage every promise costs an async hook). The time limit is undici's own headersTimeout/bodyTimeout for
 * the request and one plain timer for the rest of the body, not an AbortSignal.timeout per
 * attempt; an answer without a body needs no timer at all.
 */
import type { KeyObject } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { policyRefusalOf } from '../outbound/outbound-fetch.js';
import { signWebhook } from './signature.js';

export const DELIVERY_TIMEOUT_MS = 10_000;

/** The most of an answer's body read (and dropped) before the connection is closed. */
const BODY_LIMIT = 64 * 1024;

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const isTimeout = (error: unknown) => TIMEOUT_CODES.has((error as { code?: unknown } | null)?.code as string);

/** Where a webhook's deliveries go and what signs them. */
export interface WebhookTarget {
  url: string;
  /** The webhook's signing key (see webhookSigningKey). */
  key: KeyObject;
}

export interface DeliveryAttempt extends WebhookTarget {
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

const statusResult = (statusCode: number): SendResult =>
  statusCode >= 200 && statusCode < 300
    ? { ok: true, statusCode }
    : { ok: false, statusCode, error: `The receiver answered ${statusCode}.` };

/** An answer without a body (204, 304, or `content-length: 0`): nothing to wait for, no timer. */
const isEmpty = (statusCode: number, headers: Record<string, string | string[] | undefined>) =>
  statusCode === 204 || statusCode === 304 || headers['content-length'] === '0';

/**
 * The answer to one attempt: settles once, with the status as soon as the body is done, cut at
 * BODY_LIMIT or out of time (the connection is then closed), or with the failure before it.
 */
class AttemptHandler implements Dispatcher.DispatchHandler {
  #status: number | null = null;
  #received = 0;
  #timer: NodeJS.Timeout | null = null;
  #settled = false;

  constructor(
    private readonly deadline: number,
    private readonly settle: (result: SendResult) => void,
  ) {}

  /** Nothing to do; its presence tells undici this is a handler of the current (controller) API. */
  onRequestStart(): void {}

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return; // 1xx: the answer is still to come
    this.#status = statusCode;
    if (isEmpty(statusCode, headers)) return;
    const ms = this.deadline - Date.now();
    if (ms <= 0) return this.#cut(controller);
    this.#timer = setTimeout(() => this.#cut(controller), ms);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#received += chunk.length;
    if (this.#received > BODY_LIMIT) this.#cut(controller);
  }

  onResponseEnd(): void {
    this.#done(statusResult(this.#status ?? 0));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  /** The exchange failed (before the status: the failure counts). */
  fail(error: unknown): void {
    this.#done(
      this.#status === null ? { ok: false, statusCode: null, error: describeFailure(error, isTimeout(error)) } : statusResult(this.#status),
    );
  }

  /** The status counts; the rest of the body is not read. */
  #cut(controller: Dispatcher.DispatchController): void {
    this.#done(statusResult(this.#status ?? 0));
    controller.abort(new Error('The answer was cut short.'));
  }

  #done(result: SendResult): void {
    if (this.#settled) return;
    this.#settled = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.settle(result);
  }
}

/** Sends one attempt; `done` gets its result, exactly once (a failure is a result too). A callback: no promise per attempt. */
export type WebhookSender = (attempt: DeliveryAttempt, done: (result: SendResult) => void) => void;

/** The origin and path of each webhook URL, parsed once (a URL parse per attempt was ~2 % of the dispatcher's CPU). */
function urlParser(): (url: string) => { origin: string; path: string } {
  const cache = new Map<string, { origin: string; path: string }>();
  return (url) => {
    let found = cache.get(url);
    if (!found) {
      const { origin, pathname, search } = new URL(url);
      if (cache.size >= 1000) cache.clear();
      cache.set(url, (found = { origin, path: pathname + search }));
    }
    return found;
  };
}

export function createWebhookSender(dispatcher: Dispatcher, timeoutMs = DELIVERY_TIMEOUT_MS): WebhookSender {
  const parsed = urlParser();
  return (attempt, done) => {
    const handler = new AttemptHandler(Date.now() + timeoutMs, done);
    try {
      const { origin, path } = parsed(attempt.url);
      const signature = signWebhook(attempt.key, attempt.id, attempt.timestampSeconds, attempt.payload);
      dispatcher.dispatch(
        {
          origin,
          path,
          method: 'POST',
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          // A flat list: undici takes it as it is (an object is walked key by key).
          headers: [
            'content-type',
            'application/json',
            'user-agent',
            'Grantkeeper-Webhooks',
            'webhook-id',
            attempt.id,
            'webhook-timestamp',
            String(attempt.timestampSeconds),
            'webhook-signature',
            signature,
          ],
          body: attempt.payload,
        },
        handler,
      );
    } catch (error) {
      handler.fail(error);
    }
  };
}
