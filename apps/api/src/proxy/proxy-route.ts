/**
 * `ANY /proxy/{connectionCode}/{path}` (OUTBOUND.md "The proxy"): an API key with PROXY or TOKEN
 * access covering the connection sends a request; Grantkeeper adds the connection's credentials
 * and forwards it to `baseUrl/{path}` through the policy-bound undici Agent, streaming both ways.
 * Redirects go back as they came; a 401 on an OAuth2 connection costs one refresh and one retry
 * when the body was small enough to keep. Grantkeeper's own failures carry `x-grantkeeper-error`.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { EntityManager } from '@mikro-orm/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { lazyChildLoggerFactory } from '../http/lazy-logger.js';
import { mayUseConnection, principalActor, type AuthService, type Principal } from '../auth/index.js';
import type { Connection } from '../persistence/entities/index.js';
import type { Orm } from '../persistence/orm.js';
import type { RequestScope } from '../services/index.js';
import { forward, type ForwardDeps } from './forward.js';
import { forwardedRequestHeaders, returnedResponseHeaders } from './hop-headers.js';
import type { ProxyConnections } from './proxy-connections.js';
import { GRANTKEEPER_ERROR_HEADER, ProxyError, proxyErrorBody, toProxyError } from './proxy-errors.js';
import { readProxyBody } from './request-body.js';
import { upstreamUrl } from './upstream-url.js';

export interface ProxyDeps extends ForwardDeps {
  orm: Orm;
  auth: AuthService;
  /** The cached connection lookup. */
  connections: ProxyConnections;
  maxBodyBytes: number;
  /** Told of every answered request: its status and the seconds until the response headers (metrics). */
  observe?: ((status: number, seconds: number) => void) | undefined;
}

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const PREFIX = /^\/proxy\/([^/?#]*)\/?([^?#]*)(?:\?([^#]*))?/;

export async function registerProxy(fastify: FastifyInstance, deps: ProxyDeps): Promise<void> {
  await fastify.register(async (scope) => {
    // The body stays an unread stream: it is forwarded, never parsed (nor limited by bodyLimit).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request: FastifyRequest, _payload: IncomingMessage, done: (err: null) => void) => done(null));
    const handler = (request: FastifyRequest, reply: FastifyReply) => proxyRequest(deps, request, reply);
    // Each request's child logger is built only when it writes a line (most requests write none).
    const options = { method: METHODS, handler, exposeHeadRoute: false, childLoggerFactory: lazyChildLoggerFactory };
    scope.route({ ...options, url: '/proxy/:code' });
    scope.route({ ...options, url: '/proxy/:code/*' });
  });
}

async function authenticate(auth: AuthService, header: string | undefined): Promise<Principal & { kind: 'apiKey' }> {
  if (header === undefined || header.trim() === '') {
    throw new ProxyError('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>".');
  }
  const principal = await auth.authenticate({ authorization: header });
  if (principal?.kind !== 'apiKey') throw new ProxyError('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>".');
  return principal;
}

async function connectionOf(
  deps: ProxyDeps,
  request: FastifyRequest,
  code: string,
): Promise<{ connection: Connection; scope: RequestScope }> {
  const principal = await authenticate(deps.auth, request.headers.authorization);
  if (!mayUseConnection(principal, code, 'PROXY')) {
    throw new ProxyError('FORBIDDEN', `This API key may not use connection ${code} through the proxy (connectionAccess).`);
  }
  const connection = await deps.connections.find(principal.workspace.id, code);
  if (!connection) throw new ProxyError('NOT_FOUND', `No connection with code ${code} in this workspace.`);
  const actor = { kind: 'apiKey' as const, id: principal.apiKey.id, name: principalActor(principal) };
  // The entity manager is forked only when used (a refresh); most requests never touch the database.
  let em: EntityManager | undefined;
  const scope: RequestScope = {
    get em() {
      return (em ??= deps.orm.em.fork());
    },
    workspaceId: principal.workspace.id,
    actor,
  };
  return { connection, scope };
}

/**
 * Cancels the upstream exchange when the caller goes away before its answer is sent: undici
 * accepts an EventEmitter emitting 'abort' as a request's signal, and one is far cheaper to make
 * per request than an AbortController.
 */
class CallerGone extends EventEmitter {
  aborted = false;

  abort(): void {
    this.aborted = true;
    this.emit('abort');
  }
}

async function proxyRequest(deps: ProxyDeps, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const started = performance.now();
  const [, code = '', rawPath = '', rawQuery = ''] = PREFIX.exec(request.raw.url ?? '') ?? [];
  const callerGone = new CallerGone();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) callerGone.abort();
  });
  try {
    const { connection, scope } = await connectionOf(deps, request, code);
    if (!connection.baseUrl) throw new ProxyError('BAD_USER_INPUT', `Connection ${code} has no baseUrl to send requests to.`);
    const target = upstreamUrl(connection.baseUrl, rawPath, rawQuery);
    const body = await readProxyBody(request.raw, deps.maxBodyBytes);
    const headers = forwardedRequestHeaders(request.headers);
    headers['x-request-id'] ??= request.id;
    const response = await forward(deps, scope, connection, { target, method: request.method, headers, body, signal: callerGone });
    const ms = performance.now() - started;
    deps.observe?.(response.statusCode, ms / 1000);
    request.log.info({ connection: code, method: request.method, status: response.statusCode, ms: Math.round(ms) }, 'proxied request');
    reply.code(response.statusCode).headers(returnedResponseHeaders(response.headers)).header('x-request-id', request.id);
    if (request.method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304) {
      await response.body.dump();
      return reply.send();
    }
    return reply.send(response.body);
  } catch (error) {
    return sendProxyError(deps, { request, reply, error, code, started });
  }
}

interface FailedRequest {
  request: FastifyRequest;
  reply: FastifyReply;
  error: unknown;
  code: string;
  started: number;
}

function sendProxyError(deps: ProxyDeps, { request, reply, error, code, started }: FailedRequest): FastifyReply {
  const failure = toProxyError(error);
  const elapsed = performance.now() - started;
  deps.observe?.(failure.status, elapsed / 1000);
  const ms = Math.round(elapsed);
  const cause = failure.cause as { name?: string; code?: string } | undefined;
  const logged = { connection: code, method: request.method, status: failure.status, error: failure.code, ms };
  if (failure.status >= 500 && failure.code === 'INTERNAL_SERVER_ERROR') {
    request.log.error({ ...logged, cause: { type: cause?.name, code: cause?.code } }, 'proxied request failed');
  } else {
    request.log.info({ ...logged, cause: cause?.code ?? cause?.name }, 'proxied request refused');
  }
  if (failure.code === 'PAYLOAD_TOO_LARGE') reply.header('connection', 'close');
  return reply
    .code(failure.status)
    .header(GRANTKEEPER_ERROR_HEADER, failure.code)
    .type('application/json; charset=utf-8')
    .send(proxyErrorBody(failure));
}
