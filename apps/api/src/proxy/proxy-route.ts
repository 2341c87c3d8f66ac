/**
 * `ANY /proxy/{connectionCode}/{path}` (OUTBOUND.md "The proxy"): an API key with PROXY or TOKEN
 * access covering the connection sends a request; Grantkeeper adds the connection's credentials
 * and forwards it to `baseUrl/{path}` through the policy-bound undici Agent, streaming both ways.
 * Redirects go back as they came; a 401 on an OAuth2 connection costs one refresh and one retry
 * when the body was small enough to keep. Grantkeeper's own failures carry `x-grantkeeper-error`.
 *
 * A raw route (http/raw-routes.ts): it answers on Node's request and response, before Fastify,
 * so a proxied request pays only for what it needs. It keeps what Fastify gave the other routes:
 * the request id (the caller's safe one, else a UUID) on the answer and in the log line, the
 * request line at debug, and Fastify's 503 once the server is closing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/core';
import { mayUseConnection, principalActor, type AuthService, type Principal } from '../auth/index.js';
import type { RawRoutes } from '../http/raw-routes.js';
import { safeRequestId } from '../http/request-id.js';
import type { Logger } from '../logger.js';
import type { Orm } from '../persistence/orm.js';
import type { RequestScope } from '../services/index.js';
import type { Connection } from '../persistence/entities/index.js';
import { maskOf, type CredentialMask } from './credential-mask.js';
import { attemptOptions, exchange, type Attempt, type ForwardDeps } from './forward.js';
import { callerHeaders, type CallerHeaders } from './hop-headers.js';
import type { ProxyConnections } from './proxy-connections.js';
import { GRANTKEEPER_ERROR_HEADER, ProxyError, proxyErrorBody, toProxyError } from './proxy-errors.js';
import { hasBody, NO_BODY, readProxyBody } from './request-body.js';
import { dispatchInto, sendInto, type AttemptCallbacks, type ReplyOptions } from './upstream-reply.js';
import { upstreamTarget, type UpstreamTarget } from './upstream-url.js';

export interface ProxyDeps extends ForwardDeps {
  orm: Orm;
  auth: AuthService;
  logger: Logger;
  /** The cached connection lookup. */
  connections: ProxyConnections;
  maxBodyBytes: number;
  /** Told of every answered request: its status and the seconds until the response headers (metrics). */
  observe?: ((status: number, seconds: number) => void) | undefined;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const PREFIX = /^\/proxy\/([^/?#]*)\/?([^?#]*)(?:\?([^#]*))?/;
const UNAUTHENTICATED = 'Send an API key as "Authorization: Bearer <key>".';

export function registerProxy(routes: RawRoutes, deps: ProxyDeps): void {
  routes.add((req, res) => {
    if (!req.url?.startsWith('/proxy/') || !METHODS.has(req.method ?? '')) return false;
    try {
      proxyRequest(deps, req, res);
    } catch {
      res.destroy();
    }
    return true;
  });
}

/** One proxied request; on the usual path also its attempt's options and callbacks (no closures per request). */
class Exchange implements ReplyOptions, AttemptCallbacks {
  readonly retryable = false;
  mask: CredentialMask | null = null;

  constructor(
    readonly deps: ProxyDeps,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly id: string,
    readonly code: string,
    readonly rawPath: string,
    readonly rawQuery: string,
    readonly caller: CallerHeaders,
    readonly started: number,
  ) {}

  get requestId(): string {
    return this.id;
  }

  resolve(attempt: Attempt): void {
    answered(this.deps, this, attempt.statusCode);
  }

  reject(error: Error): void {
    sendProxyError(this.deps, this, error);
  }

  onLateError(error: Error): void {
    logLateError(this.deps.logger, this, error);
  }
}

function cachedKey(auth: AuthService, header: string | undefined): (Principal & { kind: 'apiKey' }) | undefined {
  const principal = header === undefined ? undefined : auth.apiKeys.cached(header);
  return principal?.kind === 'apiKey' ? principal : undefined;
}

async function authenticate(auth: AuthService, header: string | undefined): Promise<Principal & { kind: 'apiKey' }> {
  if (header === undefined || header.trim() === '') throw new ProxyError('UNAUTHENTICATED', UNAUTHENTICATED);
  const principal = await auth.authenticate({ authorization: header });
  if (principal?.kind !== 'apiKey') throw new ProxyError('UNAUTHENTICATED', UNAUTHENTICATED);
  return principal;
}

/** The request's scope: the entity manager is forked only when used (a refresh); most requests never touch the database. */
class ProxyScope implements RequestScope {
  readonly workspaceId: string;
  readonly actor: RequestScope['actor'];
  #em: EntityManager | undefined;

  constructor(
    private readonly orm: Orm,
    principal: Principal & { kind: 'apiKey' },
  ) {
    this.workspaceId = principal.workspace.id;
    this.actor = { kind: 'apiKey', id: principal.apiKey.id, name: principalActor(principal) };
  }

  get em(): EntityManager {
    return (this.#em ??= this.orm.em.fork());
  }
}

/**
 * The usual request (a cached key and connection, a credential at hand without I/O, no body, no
 * retry) is sent at once and answered from the dispatch handler's callbacks: no promise at all.
 * Anything else takes {@link proxyAsync}.
 */
function proxyRequest(deps: ProxyDeps, req: IncomingMessage, res: ServerResponse): void {
  const started = performance.now();
  const caller = callerHeaders(req.rawHeaders);
  const id = safeRequestId(caller.requestId);
  const [, code = '', rawPath = '', rawQuery = ''] = PREFIX.exec(req.url ?? '') ?? [];
  const x = new Exchange(deps, req, res, id, code, rawPath, rawQuery, caller, started);
  if (deps.logger.isLevelEnabled('debug')) logRequestLine(deps.logger, x);
  try {
    const principal = cachedKey(deps.auth, caller.authorization);
    if (principal && !hasBody(caller)) {
      checkAccess(principal, code);
      const connection = deps.connections.cached(principal.workspace.id, code);
      const credential = connection && deps.credentials.resolveStatic(connection);
      if (connection && credential && !credential.retryOn401) {
        const request = { target: target(connection, x), method: req.method as string, headers: forwardedHeaders(x), body: NO_BODY };
        x.mask = maskOf(credential);
        dispatchInto(deps.dispatcher, res, x, attemptOptions(deps, request, credential), x);
        return;
      }
    }
  } catch (error) {
    sendProxyError(deps, x, error);
    return;
  }
  proxyAsync(deps, x).catch(() => res.destroy());
}

function checkAccess(principal: Principal & { kind: 'apiKey' }, code: string): void {
  if (!mayUseConnection(principal, code, 'PROXY')) {
    throw new ProxyError('FORBIDDEN', `This API key may not use connection ${code} through the proxy (connectionAccess).`);
  }
}

function target(connection: Connection, { code, rawPath, rawQuery }: Exchange): UpstreamTarget {
  if (!connection.baseUrl) throw new ProxyError('BAD_USER_INPUT', `Connection ${code} has no baseUrl to send requests to.`);
  return upstreamTarget(connection.baseUrl, rawPath, rawQuery);
}

/** The caller's forwarded headers with the request id (the caller's own when it forwards one); called once per exchange. */
function forwardedHeaders({ caller, id }: Exchange): string[] {
  const headers = caller.forwarded;
  if (caller.requestId === undefined || !hasName(headers, 'x-request-id')) headers.push('x-request-id', id);
  return headers;
}

function hasName(headers: readonly string[], name: string): boolean {
  for (let i = 0; i < headers.length; i += 2) if (headers[i] === name) return true;
  return false;
}

/** The answer's headers were written: metrics and the log line. */
function answered(deps: ProxyDeps, x: Exchange, status: number): void {
  const ms = performance.now() - x.started;
  deps.observe?.(status, ms / 1000);
  if (deps.logger.isLevelEnabled('info')) {
    deps.logger.info({ reqId: x.id, connection: x.code, method: x.req.method, status, ms: Math.round(ms) }, 'proxied request');
  }
}

/** Any request: the key, connection and credential looked up as needed, the body read, one retry after a 401. */
async function proxyAsync(deps: ProxyDeps, x: Exchange): Promise<void> {
  const { req, res, id, code, caller } = x;
  try {
    const principal = cachedKey(deps.auth, caller.authorization) ?? (await authenticate(deps.auth, caller.authorization));
    checkAccess(principal, code);
    const connection = deps.connections.cached(principal.workspace.id, code) ?? (await deps.connections.find(principal.workspace.id, code));
    if (!connection) throw new ProxyError('NOT_FOUND', `No connection with code ${code} in this workspace.`);
    const url = target(connection, x);
    const body = hasBody(caller) ? await readProxyBody(req, caller, deps.maxBodyBytes) : NO_BODY;
    const onLateError = (error: Error) => logLateError(deps.logger, x, error);
    const answer = await exchange(
      deps,
      new ProxyScope(deps.orm, principal),
      connection,
      { target: url, method: req.method as string, headers: forwardedHeaders(x), body },
      (options, retryable, credential) =>
        sendInto(deps.dispatcher, res, { requestId: id, retryable, onLateError, mask: maskOf(credential) }, options),
      deps.credentials.resolveStatic(connection),
    );
    answered(deps, x, answer.statusCode);
  } catch (error) {
    sendProxyError(deps, x, error);
  }
}

function sendProxyError(deps: ProxyDeps, { req, res, id, code, started }: Exchange, error: unknown): void {
  const failure = toProxyError(error);
  const elapsed = performance.now() - started;
  deps.observe?.(failure.status, elapsed / 1000);
  const cause = failure.cause as { name?: string; code?: string } | undefined;
  const logged = { reqId: id, connection: code, method: req.method, status: failure.status, error: failure.code, ms: Math.round(elapsed) };
  if (failure.status >= 500 && failure.code === 'INTERNAL_SERVER_ERROR') {
    deps.logger.error({ ...logged, cause: { type: cause?.name, code: cause?.code } }, 'proxied request failed');
  } else {
    deps.logger.info({ ...logged, cause: cause?.code ?? cause?.name }, 'proxied request refused');
  }
  if (res.headersSent || res.destroyed) return;
  const body = proxyErrorBody(failure);
  res.writeHead(failure.status, {
    [GRANTKEEPER_ERROR_HEADER]: failure.code,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-request-id': id,
    // The unread rest of a too large body is not worth reading: the connection closes.
    ...(failure.code === 'PAYLOAD_TOO_LARGE' ? { connection: 'close' } : {}),
  });
  res.end(body);
}

/** After the answer began, the exchange failed: the caller's connection was closed. */
function logLateError(logger: Logger, { req, id, code }: Exchange, error: Error): void {
  const cause = error as { name?: string; code?: string };
  logger.info({ reqId: id, connection: code, method: req.method, cause: cause.code ?? cause.name }, 'proxied response cut off');
}

/** The request line at debug, as Fastify logs it for the other routes. */
function logRequestLine(logger: Logger, { req, res, id, started }: Exchange): void {
  res.once('finish', () => {
    logger.debug({ reqId: id, req, res, ms: Math.round(performance.now() - started) }, 'request completed');
  });
}
