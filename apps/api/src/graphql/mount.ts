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
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { ServiceError } from '../services/errors.js';
import { buildContext, type Context } from './context.js';
import type { GraphQLDeps } from './deps.js';
import { lazyChildLogger } from './lazy-logger.js';
import { ResponseCache } from './response-cache.js';
import { createErrorFormatter, toWireError } from './errors.js';
import { apolloLimits, graphqlOnSend } from './limits.js';
import { buildGraphQLSchema } from './schema.js';
import { mountGraphQLWebSocket } from './websocket.js';

export type { GraphQLDeps } from './deps.js';

/** The api package's version (src/graphql and dist/graphql are both two levels below it). */
export function apiVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Request decoration holding the GraphQL context (built once, before the response cache). */
const CONTEXT = 'grantkeeperContext';

/** Largest request body /graphql accepts; larger ones are BAD_USER_INPUT (413). */
export const GRAPHQL_BODY_LIMIT = 256 * 1024;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && type.toLowerCase().startsWith('application/json');
}

/** Body-level failures (bad JSON, too large, wrong content type) as GraphQL errors, never a 500. */
function requestErrorHandler(logger: Logger) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message =
        error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? `The request body is too large (at most ${GRAPHQL_BODY_LIMIT} bytes).`
          : 'The request body is not a valid GraphQL request.';
      const refused = new ServiceError('BAD_USER_INPUT', message, { reason: error.code ?? 'BAD_REQUEST' });
      return reply.code(status).send({ errors: [toWireError(refused, logger)] });
    }
    return reply.code(500).send({ errors: [toWireError(error, logger)] });
  };
}

function createApollo(schema: GraphQLSchema, deps: GraphQLDeps): ApolloServer<Context> {
  const limits = apolloLimits();
  return new ApolloServer<Context>({
    schema,
    csrfPrevention: true,
    // Signed-in callers only (a plugin of apolloLimits refuses anonymous ones).
    introspection: deps.limits.introspection,
    persistedQueries: false,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(deps.logger),
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    plugins: [
      ...limits.plugins,
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
    ],
  });
}

/**
 * The context of a request: built (and the caller authenticated) once per request, before the
 * response cache is consulted; Apollo then receives that same context.
 */
function contextFactory(deps: GraphQLDeps) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<Context> => {
    const holder = request as unknown as Record<typeof CONTEXT, Context | null>;
    let context = holder[CONTEXT];
    if (context === null) {
      context = await buildContext({
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
      });
      holder[CONTEXT] = context;
    }
    return context;
  };
}

/** Mounts GraphQL on `fastify` (call before `listen`); resolves when Apollo has started. */
export async function mountGraphQL(fastify: FastifyInstance, deps: GraphQLDeps): Promise<void> {
  const schema = await buildGraphQLSchema();
  const apollo = createApollo(schema, deps);
  await apollo.start();

  fastify.decorateRequest(CONTEXT, null);
  const contextOf = contextFactory(deps);
  const apolloHandler = fastifyApolloHandler<Context>(apollo, { context: contextOf }) as unknown as (
    this: FastifyInstance,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<unknown>;
  const responses = new ResponseCache({ bus: deps.services.bus });

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    // Only JSON POSTs (which pass Apollo's CSRF prevention) of the polled read are cacheable.
    if (request.method !== 'POST' || !body || !responses.cacheable(body.query) || !isJson(request)) {
      return apolloHandler.call(fastify, request, reply);
    }
    const context = await contextOf(request, reply);
    if (!context.principal) return apolloHandler.call(fastify, request, reply);
    const workspaceId = context.principal.workspace.id;
    const key = ResponseCache.key(header(request, 'accept'), body.query, body.variables, body.operationName);
    const cached = responses.get(workspaceId, key);
    if (cached) return reply.header('content-type', cached.contentType).send(cached.body);
    const generation = responses.generation(workspaceId);
    const result: unknown = await apolloHandler.call(fastify, request, reply);
    const contentType = reply.getHeader('content-type');
    if (reply.statusCode === 200 && typeof result === 'string' && typeof contentType === 'string' && !result.includes('"errors"')) {
      responses.set(workspaceId, key, generation, result, contentType);
    }
    return result;
  };
  fastify.route({
    method: ['GET', 'POST'],
    url: '/graphql',
    bodyLimit: GRAPHQL_BODY_LIMIT,
    handler,
    errorHandler: requestErrorHandler(deps.logger),
    onSend: graphqlOnSend((error) => toWireError(error, deps.logger)),
    // The request's child logger (with its redaction rules) is built only if something logs.
    childLoggerFactory: lazyChildLogger,
  });

  // API keys deleted on another instance leave this instance's lookup cache.
  const offApiKeys = deps.services.bus.on('cache/invalidate', (event) => {
    if (event.cache === 'apiKey') deps.auth.invalidateApiKey(event.key ?? undefined);
  });
  const closeWebSocket = mountGraphQLWebSocket(fastify, schema, deps);

  fastify.addHook('onClose', async () => {
    offApiKeys();
    responses.close();
    await closeWebSocket();
    await apollo.stop();
  });
}
