/**
 * One proxied exchange with the upstream, shared by /proxy and `sendTestRequest`: the
 * connection's credentials added to the request, sent through the policy-bound dispatcher with
 * PROXY_TIMEOUT_MS for the answer's headers and between body chunks, and for the OAuth2 types
 * one refresh and one more attempt after a 401 when the body was kept (≤ 1 MiB). A request that
 * carries a secret asks for an unencoded answer, so that the secret can be masked in it
 * (credential-mask.ts).
 */
import type { EventEmitter } from 'node:events';
import type { Dispatcher } from 'undici';
import type { Connection } from '../persistence/entities/index.js';
import type { OutboundCredential, OutboundCredentials, RequestScope } from '../services/index.js';
import { maskOf } from './credential-mask.js';
import type { ProxyBody } from './request-body.js';
import type { UpstreamTarget } from './upstream-url.js';

export interface ForwardDeps {
  dispatcher: Dispatcher;
  credentials: OutboundCredentials;
  timeoutMs: number;
}

export interface ForwardRequest {
  target: UpstreamTarget;
  method: string;
  /** The caller's headers, already filtered (the credentials are added here): `[name, value, …]`, lower-case names. */
  headers: readonly string[];
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
 * Sends one attempt carrying `credential`. `retryable`: a 401 to this attempt will be retried, so
 * its answer must not reach the caller yet.
 */
export type SendAttempt<A extends Attempt> = (
  options: Dispatcher.DispatchOptions,
  retryable: boolean,
  credential: OutboundCredential,
) => Promise<A>;

/** undici's options for one attempt with `credential` added. */
export function attemptOptions(deps: ForwardDeps, request: ForwardRequest, credential: OutboundCredential): Dispatcher.DispatchOptions {
  let { origin, path } = request.target;
  if (credential.query) {
    const url = new URL(`${origin}${path}`);
    url.searchParams.set(credential.query.name, credential.query.value);
    origin = url.origin;
    path = `${url.pathname}${url.search}`;
  }
  const { body } = request;
  return {
    origin,
    path,
    method: request.method as Dispatcher.HttpMethod,
    headers: withCredentialHeaders(request.headers, maskOf(credential)?.sentHeaders ?? credential.headers),
    body: body.kind === 'buffered' ? body.bytes : body.kind === 'streamed' ? body.stream : null,
    headersTimeout: deps.timeoutMs,
    bodyTimeout: deps.timeoutMs,
  };
}

/**
 * The caller's headers with the credential's: a header the credential sets replaces the caller's
 * of that name (all of them). One flat array, made at its final size (the caller's as it is
 * when the credential sets no header).
 */
function withCredentialHeaders(caller: readonly string[], own: Readonly<Record<string, string>>): string[] {
  let added = 0;
  for (const name in own) if (Object.hasOwn(own, name)) added += 2;
  if (added === 0) return caller as string[];
  const out = new Array<string>(caller.length + added);
  let length = 0;
  for (let i = 0; i < caller.length; i += 2) {
    const name = caller[i] as string;
    if (Object.hasOwn(own, name)) continue;
    out[length++] = name;
    out[length++] = caller[i + 1] as string;
  }
  for (const name in own) {
    if (!Object.hasOwn(own, name)) continue;
    out[length++] = name;
    out[length++] = own[name] as string;
  }
  out.length = length;
  return out;
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
  let response = await send(attemptOptions(deps, request, credential), retryable, credential);
  if (response.statusCode === 401 && retryable) {
    await response.discard();
    credential = await deps.credentials.resolve(scope, connection, true);
    request.onCredential?.(credential);
    response = await send(attemptOptions(deps, request, credential), false, credential);
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
