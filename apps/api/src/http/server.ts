/**
 * The HTTP server (Fastify 5): health and readiness, request ids, security headers, a body
 * limit, cookies, and the built console with SPA fallback. GraphQL and the OAuth callback are
 * mounted by the domain wiring in app.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { AppConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { isDatabaseReachable, type Orm } from '../persistence/orm.js';
import { consoleMissingPage } from './console-fallback.js';
import { requestId } from './request-id.js';
import { securityHeaders } from './security-headers.js';

/** Largest request body accepted (GraphQL documents and variables included). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Paths owned by the server: never answered with the console's index.html. */
const API_PATHS = /^\/(graphql|oauth|healthz|readyz|api|proxy)(\/|$|\?)/;

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
  });

  const headers = securityHeaders(config.publicUrl);
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

  await fastify.register(fastifyCookie);

  fastify.get('/healthz', async () => ({ status: 'ok' }));
  // Liveness only: the process answers. Readiness: the database and every other check.
  fastify.get('/readyz', async (_request, reply) => {
    const reasons = await Promise.all([
      isDatabaseReachable(orm).then((up) => (up ? null : 'The database is not reachable.')),
      ...(opts.readiness ?? []).map((check) => check().catch(() => 'A readiness check failed.')),
    ]);
    const reason = reasons.filter((r): r is string => r !== null).join(' ');
    if (reason === '') return { status: 'ready' };
    return reply.code(503).send({ status: 'unavailable', reason });
  });

  const hasConsole = existsSync(join(config.webDistDir, 'index.html'));
  if (hasConsole) {
    await fastify.register(fastifyStatic, {
      root: config.webDistDir,
      wildcard: true,
      index: 'index.html',
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader(
          'cache-control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  } else {
    logger.info({ webDistDir: config.webDistDir }, 'The console is not built; serving a plain page at /.');
    const page = consoleMissingPage(config);
    fastify.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  }

  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !API_PATHS.test(path) &&
      !/\.[A-Za-z0-9]+$/.test(path);
    if (isPage && hasConsole) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    if (isPage) {
      return reply.code(404).type('text/html; charset=utf-8').send(consoleMissingPage(config));
    }
    return reply.code(404).send({ error: 'Not Found', message: `No route for ${request.method} ${path}.` });
  });

  return fastify;
}
