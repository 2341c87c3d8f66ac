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

function sendOnce(deps: ForwardDeps, request: ForwardRequest, credential: OutboundCredential): Promise<Dispatcher.ResponseData> {
  let url = request.target;
  if (credential.query) {
    url = new URL(url);
    url.searchParams.set(credential.query.name, credential.query.value);
  }
  const { body } = request;
  return deps.dispatcher.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: request.method as Dispatcher.HttpMethod,
    headers: { ...request.headers, ...credential.headers },
    body: body.kind === 'buffered' ? body.bytes : body.kind === 'streamed' ? body.stream : null,
    headersTimeout: deps.timeoutMs,
    bodyTimeout: deps.timeoutMs,
    ...(request.signal ? { signal: request.signal } : {}),
  });
}

export async function forward(
  deps: ForwardDeps,
  scope: RequestScope,
  connection: Connection,
  request: ForwardRequest,
): Promise<Dispatcher.ResponseData> {
  let credential = await deps.credentials.resolve(scope, connection);
  request.onCredential?.(credential);
  let response = await sendOnce(deps, request, credential);
  if (response.statusCode === 401 && credential.retryOn401 && request.body.kind !== 'streamed') {
    await response.body.dump();
    credential = await deps.credentials.resolve(scope, connection, true);
    request.onCredential?.(credential);
    response = await sendOnce(deps, request, credential);
  }
  return response;
}
