/**
 * `GET /metrics` in the Prometheus text format, only when METRICS_TOKEN is set and the request
 * carries `Authorization: Bearer <METRICS_TOKEN>`; 404 otherwise (as if there were no route).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

const digest = (text: string) => createHash('sha256').update(text).digest();

export function registerMetricsRoute(fastify: FastifyInstance, options: { token: string | null; registry: Registry }): void {
  const expected = options.token === null ? null : digest(`Bearer ${options.token}`);
  fastify.get('/metrics', async (request, reply) => {
    const given = request.headers.authorization;
    if (expected === null || given === undefined || !timingSafeEqual(digest(given), expected)) {
      return reply.code(404).send({ error: 'Not Found', message: 'No route for GET /metrics.' });
    }
    const body = await options.registry.metrics();
    return reply.header('cache-control', 'no-store').type(options.registry.contentType).send(body);
  });
}
