/**
 * `/graphql` over HTTP (POST and GET, Apollo Server 5 on Fastify) and over WebSocket
 * (graphql-ws). Apollo is configured for the request path: no landing page, no usage or schema
 * reporting, no cache-control or inline-trace plugins, CSRF prevention on, errors through the
 * one mapper, no stack traces.
 */
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuthService } from '../auth/index.js';
import type { Orm } from '../persistence/orm.js';
import type { Services } from '../services/index.js';
import { buildContext, type Context, type GraphQLSettings } from './context.js';
import { createErrorFormatter } from './errors.js';
import { buildGraphQLSchema } from './schema.js';
import { mountGraphQLWebSocket } from './websocket.js';

export interface GraphQLDeps {
  orm: Orm;
  services: Services;
  auth: AuthService;
  logger: Logger;
  settings: GraphQLSettings;
}

/** The api package's version (src/graphql and dist/graphql are both two levels below it). */
export function apiVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Largest request body /graphql accepts; larger ones are BAD_USER_INPUT (413). */
export const GRAPHQL_BODY_LIMIT = 256 * 1024;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Body-level failures (bad JSON, too large, wrong content type) as GraphQL errors, never a 500. */
function requestErrorHandler(logger: Logger) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({
        errors: [
          {
            message:
              error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
                ? `The request body is too large (at most ${GRAPHQL_BODY_LIMIT} bytes).`
                : 'The request body is not a valid GraphQL request.',
            extensions: { code: 'BAD_USER_INPUT', reason: error.code ?? 'BAD_REQUEST' },
          },
        ],
      });
    }
    logger.error({ err: { type: error.name, message: error.message } }, 'GraphQL HTTP handler failed');
    return reply.code(500).send({
      errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
  };
}

/** Mounts GraphQL on `fastify` (call before `listen`); resolves when Apollo has started. */
export async function mountGraphQL(fastify: FastifyInstance, deps: GraphQLDeps): Promise<void> {
  const schema = await buildGraphQLSchema();
  const apollo = new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    introspection: true,
    persistedQueries: false,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(deps.logger),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
  await apollo.start();

  const handler = fastifyApolloHandler<Context>(apollo, {
    context: (request, reply) =>
      buildContext({
        orm: deps.orm,
        services: deps.services,
        auth: deps.auth,
        settings: deps.settings,
        credentials: {
          cookie: header(request, 'cookie'),
          authorization: header(request, 'authorization'),
          workspaceSlug: header(request, 'x-workspace'),
        },
        http: { reply, ip: request.ip, userAgent: header(request, 'user-agent') },
      }),
  });
  fastify.route({
    method: ['GET', 'POST'],
    url: '/graphql',
    bodyLimit: GRAPHQL_BODY_LIMIT,
    handler,
    errorHandler: requestErrorHandler(deps.logger),
  });

  // API keys deleted on another instance leave this instance's lookup cache.
  const offApiKeys = deps.services.bus.on('cache/invalidate', (event) => {
    if (event.cache === 'apiKey') deps.auth.invalidateApiKey(event.key ?? undefined);
  });
  const closeWebSocket = mountGraphQLWebSocket(fastify, schema, deps);

  fastify.addHook('onClose', async () => {
    offApiKeys();
    await closeWebSocket();
    await apollo.stop();
  });
}
