/**
 * The console on the same origin as the API: the built SPA (hashed assets cached for a year,
 * index.html revalidated, client-side routes answered with index.html), or a plain page saying
 * how to build it. Unknown API paths get a JSON 404, never the SPA.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { consoleMissingPage } from './console-fallback.js';

/** Paths owned by the server: never answered with the console's index.html. */
const API_PATHS = /^\/(graphql|oauth|healthz|readyz|api|proxy)(\/|$|\?)/;

export async function registerConsole(
  fastify: FastifyInstance,
  config: Pick<AppConfig, 'webDistDir' | 'publicUrl'>,
  logger: Logger,
): Promise<void> {
  const hasConsole = existsSync(join(config.webDistDir, 'index.html'));
  if (hasConsole) {
    await fastify.register(fastifyStatic, {
      root: config.webDistDir,
      wildcard: true,
      index: 'index.html',
      // The build writes .br and .gz next to each asset; sent when the client accepts them.
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader('vary', 'accept-encoding');
        res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    logger.info({ webDistDir: config.webDistDir }, 'The console is not built; serving a plain page at /.');
    const page = consoleMissingPage(config);
    fastify.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  }

  fastify.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !API_PATHS.test(path) && !/\.[A-Za-z0-9]+$/.test(path);
    if (isPage && hasConsole) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    if (isPage) {
      return reply.code(404).type('text/html; charset=utf-8').send(consoleMissingPage(config));
    }
    return reply.code(404).send({ error: 'Not Found', message: `No route for ${request.method} ${path}.` });
  });
}
