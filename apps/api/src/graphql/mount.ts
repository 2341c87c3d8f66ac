/**
 * `/graphql` over HTTP (POST and GET, Apollo Server 5 on Fastify) and over WebSocket
 * (graphql-ws). Apollo is configured for the request path: no landing page, no usage or schema
 * reporting, no cache-control or inline-trace plugins, CSRF prevention on, errors through the
 * one mapper, no stack traces.
 */
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { SESSION_COOKIE } from '../auth/index.js';
import { ServiceError } from '../services/errors.js';
import { buildContext, type Context } from './context.js';
import type { GraphQLDeps } from './deps.js';
import { lazyChildLogger } from './lazy-logger.js';
import { ResponseCache, responseCachePlugin } from './response-cache.js';
import { createErrorFormatter, toWireError } from './errors.js';
import { apolloLimits, graphqlOnSend } from './limits.js';
import { COMPRESS_THRESHOLD_BYTES } from '../http/server.js';
import { buildGraphQLSchema } from './schema.js';
import { mountGraphQLWebSocket } from './websocket.js';

export type { GraphQLDeps } from './deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The GraphQL context of this request (built once, before the response cache). */
    graphqlContext: Context | null;
  }
}

/** Apollo's Fastify handler answers with the serialized response. */
interface GraphQLRoute {
  Reply: string;
}

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
    // main.ts closes the whole app on SIGTERM/SIGINT (Apollo is stopped in fastify's onClose).
    // Apollo's own handlers would stop it and signal the process again, which main.ts takes for
    // a second signal and exits at once, before leases are released and the database closed.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(deps.logger),
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    plugins: [
      responseCachePlugin(),
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
    request.graphqlContext ??= await buildContext({
      orm: deps.orm,
      services: deps.services,
      auth: deps.auth,
      settings: deps.settings,
      credentials: {
        sessionToken: request.cookies[SESSION_COOKIE],
        authorization: header(request, 'authorization'),
        workspaceSlug: header(request, 'x-workspace'),
      },
      http: { reply, ip: request.ip, userAgent: header(request, 'user-agent') },
      // Fastify's clock starts when the request is routed, before its body is read: under load the
      // authentication and the resolvers may start seconds later, and a refresh asked for then
      // must still count as asked for on arrival (REFRESH_COALESCE_WINDOW_MS).
      receivedAt: new Date(Date.now() - reply.elapsedTime),
    });
    return request.graphqlContext;
  };
}

/**
 * Apollo behind the response cache: an authenticated JSON POST (these pass Apollo's CSRF
 * prevention) is answered from the cache when the same request was answered cacheably before
 * in its workspace.
 */
function graphqlHandler(apollo: ApolloServer<Context>, deps: GraphQLDeps, responses: ResponseCache) {
  const contextOf = contextFactory(deps);
  const apolloHandler = fastifyApolloHandler<Context>(apollo, { context: contextOf });
  return async function handler(
    this: FastifyInstance,
    request: FastifyRequest<GraphQLRoute>,
    reply: FastifyReply<GraphQLRoute>,
  ): Promise<string | void> {
    const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    if (request.method !== 'POST' || !body || !isJson(request)) return apolloHandler.call(this, request, reply);
    const context = await contextOf(request, reply);
    const key = context.principal
      ? responses.key(context.principal.workspace.id, {
          accept: header(request, 'accept'),
          query: body.query,
          variables: body.variables,
          operationName: body.operationName,
        })
      : undefined;
    if (key === undefined) return apolloHandler.call(this, request, reply);
    const cached = responses.get(key);
    if (cached) {
      void reply.header('content-type', cached.contentType);
      return cached.body;
    }
    const result = await apolloHandler.call(this, request, reply);
    const contentType = reply.getHeader('content-type');
    if (context.response.cacheable && typeof result === 'string' && typeof contentType === 'string') {
      responses.set(key, { body: result, contentType });
    }
    return result;
  };
}

/** GraphQL over HTTP and WebSocket, as a Fastify plugin (Apollo has started once it is registered). */
const graphqlPlugin: FastifyPluginAsync<GraphQLDeps> = async (fastify, deps) => {
  const schema = await buildGraphQLSchema();
  const apollo = createApollo(schema, deps);
  await apollo.start();
  const responses = new ResponseCache({ bus: deps.services.bus });
  fastify.decorateRequest('graphqlContext', null);
  fastify.route({
    method: ['GET', 'POST'],
    url: '/graphql',
    bodyLimit: GRAPHQL_BODY_LIMIT,
    // Compressed above a small threshold when accepted (after graphqlOnSend has checked the size).
    compress: { threshold: COMPRESS_THRESHOLD_BYTES },
    handler: graphqlHandler(apollo, deps, responses),
    errorHandler: requestErrorHandler(deps.logger),
    onSend: graphqlOnSend((error) => toWireError(error, deps.logger)),
    // The request's child logger (with its redaction rules) is built only if something logs.
    childLoggerFactory: lazyChildLogger,
  });
  const closeWebSocket = mountGraphQLWebSocket(fastify, schema, deps);

  fastify.addHook('onClose', async () => {
    responses.close();
    await closeWebSocket();
    await apollo.stop();
  });
};

/** Mounts GraphQL on `fastify` (call before `listen`); resolves when Apollo has started. */
export async function mountGraphQL(fastify: FastifyInstance, deps: GraphQLDeps): Promise<void> {
  await fastify.register(graphqlPlugin, deps);
}
