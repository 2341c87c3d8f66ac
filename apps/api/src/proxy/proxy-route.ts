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
import { exchange, type ForwardDeps } from './forward.js';
import { callerHeaders } from './hop-headers.js';
import type { ProxyConnections } from './proxy-connections.js';
import { GRANTKEEPER_ERROR_HEADER, ProxyError, proxyErrorBody, toProxyError } from './proxy-errors.js';
import { hasBody, NO_BODY, readProxyBody } from './request-body.js';
import { sendInto } from './upstream-reply.js';
import { upstreamUrl } from './upstream-url.js';

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
    proxyRequest(deps, req, res).catch(() => res.destroy());
    return true;
  });
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  id: string;
  code: string;
  started: number;
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

async function proxyRequest(deps: ProxyDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const caller = callerHeaders(req.rawHeaders);
  const id = safeRequestId(caller.requestId);
  const [, code = '', rawPath = '', rawQuery = ''] = PREFIX.exec(req.url ?? '') ?? [];
  const x: Exchange = { req, res, id, code, started };
  if (deps.logger.isLevelEnabled('debug')) logRequestLine(deps.logger, x);
  try {
    // The cached key, connection and credential cost no promise; anything else is looked up.
    const principal = cachedKey(deps.auth, caller.authorization) ?? (await authenticate(deps.auth, caller.authorization));
    if (!mayUseConnection(principal, code, 'PROXY')) {
      throw new ProxyError('FORBIDDEN', `This API key may not use connection ${code} through the proxy (connectionAccess).`);
    }
    const connection = deps.connections.cached(principal.workspace.id, code) ?? (await deps.connections.find(principal.workspace.id, code));
    if (!connection) throw new ProxyError('NOT_FOUND', `No connection with code ${code} in this workspace.`);
    if (!connection.baseUrl) throw new ProxyError('BAD_USER_INPUT', `Connection ${code} has no baseUrl to send requests to.`);
    const target = upstreamUrl(connection.baseUrl, rawPath, rawQuery);
    const body = hasBody(caller) ? await readProxyBody(req, caller, deps.maxBodyBytes) : NO_BODY;
    const headers = caller.forwarded;
    headers['x-request-id'] ??= id;
    const method = req.method as string;
    const onLateError = (error: Error) => logLateError(deps.logger, x, error);
    const answer = await exchange(
      deps,
      new ProxyScope(deps.orm, principal),
      connection,
      { target, method, headers, body },
      (options, retryable) => sendInto(deps.dispatcher, res, { requestId: id, retryable, onLateError }, options),
      deps.credentials.resolveStatic(connection),
    );
    const ms = performance.now() - started;
    deps.observe?.(answer.statusCode, ms / 1000);
    if (deps.logger.isLevelEnabled('info')) {
      deps.logger.info({ reqId: id, connection: code, method, status: answer.statusCode, ms: Math.round(ms) }, 'proxied request');
    }
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
