/**
 * One proxied exchange with the upstream, shared by /proxy and `sendTestRequest`: the
 * connection's credentials added to the request, sent through the policy-bound dispatcher with
 * PROXY_TIMEOUT_MS for the answer's headers and between body chunks, and for the OAuth2 types
 * one refresh and one more attempt after a 401 when the body was kept (≤ 1 MiB).
 */
import type { EventEmitter } from 'node:events';
import type { Dispatcher } from 'undici';
import type { Connection } from '../persistence/entities/index.js';
import type { OutboundCredential, OutboundCredentials, RequestScope } from '../services/index.js';
import type { ProxyBody } from './request-body.js';

export interface ForwardDeps {
  dispatcher: Dispatcher;
  credentials: OutboundCredentials;
  timeoutMs: number;
}

export interface ForwardRequest {
  target: URL;
  method: string;
  /** The caller's headers, already filtered (the credentials are added here). */
  headers: Record<string, string | string[]>;
  body: ProxyBody;
  /** Aborts the exchange: an AbortSignal, or an EventEmitter emitting 'abort' (undici takes both). */
  signal?: AbortSignal | EventEmitter | undefined;
  /** Told of each credential sent (sendTestRequest redacts them from what it shows). */
  onCredential?: ((credential: OutboundCredential) => void) | undefined;
}

/** One attempt's answer, as far as the retry needs it. */
export interface Attempt {
  statusCode: number;
  /** Drops this answer (a 401 about to be retried). */
  discard(): Promise<void>;
}

/**
 * Sends one attempt. `retryable`: a 401 to this attempt will be retried, so its answer must not
 * reach the caller yet.
 */
export type SendAttempt<A extends Attempt> = (options: Dispatcher.DispatchOptions, retryable: boolean) => Promise<A>;

/** undici's options for one attempt with `credential` added. */
export function attemptOptions(deps: ForwardDeps, request: ForwardRequest, credential: OutboundCredential): Dispatcher.DispatchOptions {
  let url = request.target;
  if (credential.query) {
    url = new URL(url);
    url.searchParams.set(credential.query.name, credential.query.value);
  }
  const { body } = request;
  return {
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: request.method as Dispatcher.HttpMethod,
    headers: { ...request.headers, ...credential.headers },
    body: body.kind === 'buffered' ? body.bytes : body.kind === 'streamed' ? body.stream : null,
    headersTimeout: deps.timeoutMs,
    bodyTimeout: deps.timeoutMs,
  };
}

/** The exchange with its one retry after a 401 (OAuth2 types, body kept), each attempt sent by `send`. */
export async function exchange<A extends Attempt>(
  deps: ForwardDeps,
  scope: RequestScope,
  connection: Connection,
  request: ForwardRequest,
  send: SendAttempt<A>,
  /** The credential when it was at hand without I/O (`resolveStatic`). */
  known?: OutboundCredential,
): Promise<A> {
  let credential = known ?? (await deps.credentials.resolve(scope, connection));
  request.onCredential?.(credential);
  const retryable = credential.retryOn401 && request.body.kind !== 'streamed';
  let response = await send(attemptOptions(deps, request, credential), retryable);
  if (response.statusCode === 401 && retryable) {
    await response.discard();
    credential = await deps.credentials.resolve(scope, connection, true);
    request.onCredential?.(credential);
    response = await send(attemptOptions(deps, request, credential), false);
  }
  return response;
}

/** The exchange with the answer as undici's ResponseData (its body a stream to read). */
export async function forward(
  deps: ForwardDeps,
  scope: RequestScope,
  connection: Connection,
  request: ForwardRequest,
): Promise<Dispatcher.ResponseData> {
  const signal = request.signal ? { signal: request.signal } : {};
  const answered = await exchange(deps, scope, connection, request, async (options) => {
    const response = await deps.dispatcher.request({ ...options, ...signal });
    return { statusCode: response.statusCode, discard: () => response.body.dump(), response };
  });
  return answered.response;
}
