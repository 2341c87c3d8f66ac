/**
 * The HTTP server (Fastify 5): health and readiness, request ids, security headers, a body
 * limit, cookies, and the built console with SPA fallback (console-routes.ts). GraphQL and the OAuth callback are
 * mounted by the domain wiring in app.ts.
 */
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { AppConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { isDatabaseReachable, type Orm } from '../persistence/orm.js';
import { registerConsole } from './console-routes.js';
import { rawRoutesServerFactory, type RawRoutes } from './raw-routes.js';
import { requestId } from './request-id.js';
import { securityHeaders } from './security-headers.js';

/** Largest request body accepted (GraphQL documents and variables included). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Dynamic answers (GraphQL) at least this large are compressed (br or gzip) when the client
 * accepts it. Opt-in per route (`compress: {…}`): never the WebSocket, never /proxy streams.
 */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/** Fastify's trustProxy: a hop count becomes "trust the first n hops". */
function trustProxyOption(value: AppConfig['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}

/** A dependency /readyz checks besides the database: null when usable, else why not. */
export type ReadinessCheck = () => Promise<string | null>;

export interface HttpServerOptions {
  config: Pick<AppConfig, 'webDistDir' | 'publicUrl'> & Partial<Pick<AppConfig, 'trustProxy'>>;
  logger: Logger;
  orm: Orm;
  /** Read on every /readyz, so checks may be added after the server is created (e.g. Redis). */
  readiness?: ReadinessCheck[];
  /** Hot routes answered before Fastify (raw-routes.ts); /proxy adds itself once the domain is wired. */
  rawRoutes?: RawRoutes;
}

export async function createHttpServer(opts: HttpServerOptions): Promise<FastifyInstance> {
  const { config, logger, orm } = opts;
  const fastify = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: requestId,
    // Request lines are logged at debug (below), not twice per request at info.
    logController: new LogController({ requestIdLogLabel: 'reqId', disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(config.trustProxy ?? false),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ...(opts.rawRoutes ? { serverFactory: rawRoutesServerFactory(opts.rawRoutes) } : {}),
  });
  const { rawRoutes } = opts;
  // Fastify answers 503 to requests that arrive while it closes, raw routes' included.
  if (rawRoutes) fastify.addHook('preClose', (done) => (rawRoutes.closing(), done()));
  addResponseHooks(fastify, config.publicUrl, logger);
  await fastify.register(fastifyCookie);
  await fastify.register(fastifyCompress, { global: false, threshold: COMPRESS_THRESHOLD_BYTES, encodings: ['br', 'gzip'] });
  registerHealthRoutes(fastify, orm, opts.readiness);
  await registerConsole(fastify, config, logger);
  return fastify;
}

/** Security headers and the request id on every response; request lines at debug; one error shape. */
function addResponseHooks(fastify: FastifyInstance, publicUrl: string, logger: Logger): void {
  const headers = securityHeaders(publicUrl);
  fastify.addHook('onRequest', (request, reply, done) => {
    // A proxied answer is the upstream's: its headers go back as they came (OUTBOUND.md).
    if (!request.url.startsWith('/proxy/')) reply.headers(headers);
    reply.header('x-request-id', request.id);
    done();
  });
  if (logger.isLevelEnabled('debug')) {
    fastify.addHook('onResponse', (request, reply, done) => {
      request.log.debug({ req: request, res: reply, ms: Math.round(reply.elapsedTime) }, 'request completed');
      done();
    });
  }
  fastify.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'Request failed');
      return reply.code(status).send({ error: 'Internal Server Error', message: 'Something went wrong.' });
    }
    return reply.code(status).send({ error: error.code ?? 'Bad Request', message: error.message });
  });
}

/** Liveness (/healthz: the process answers) and readiness (/readyz: the database and every other check). */
function registerHealthRoutes(fastify: FastifyInstance, orm: Orm, readiness: ReadinessCheck[] | undefined): void {
  fastify.get('/healthz', async () => ({ status: 'ok' }));
  fastify.get('/readyz', async (_request, reply) => {
    const reasons = await Promise.all([
      isDatabaseReachable(orm).then((up) => (up ? null : 'The database is not reachable.')),
      ...(readiness ?? []).map((check) => check().catch(() => 'A readiness check failed.')),
    ]);
    const reason = reasons.filter((r): r is string => r !== null).join(' ');
    if (reason === '') return { status: 'ready' };
    return reply.code(503).send({ status: 'unavailable', reason });
  });
}
