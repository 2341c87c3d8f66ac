/**
 * graphql-ws on the same path as HTTP GraphQL: authenticated once at `connection_init` (the
 * session cookie of the upgrade request, or `connectionParams.authorization = "Bearer <key>"`,
 * workspace from `connectionParams.workspace`), then every operation runs with that principal.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ExecutionArgs, GraphQLSchema } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { SESSION_COOKIE, type Principal } from '../auth/index.js';
import { buildContext, createContext, type Context } from './context.js';
import type { GraphQLDeps } from './deps.js';
import { createFanout } from './ws-fanout.js';
import { webSocketOperations } from './ws-operations.js';
import { serveGraphQLWs } from './ws-server.js';

/** Close code of a socket whose session is still valid but whose user changed: reconnect. */
export const CREDENTIALS_CHANGED = 4000;

interface ConnectionAuth {
  principal: Principal;
}

function text(value: unknown, max = 4096): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

/** Same-origin check for cookie-authenticated sockets (browsers always send Origin). */
function sameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function mountGraphQLWebSocket(fastify: FastifyInstance, schema: GraphQLSchema, deps: GraphQLDeps): () => Promise<void> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const auth = new WeakMap<WebSocket, ConnectionAuth>();

  const onUpgrade = upgradeHandler(fastify, wss);
  fastify.server.on('upgrade', onUpgrade);
  const contextFor = (principal: Principal | null): Context =>
    createContext({ orm: deps.orm, services: deps.services, auth: deps.auth, settings: deps.settings, http: null }, principal, null);
  const operations = webSocketOperations(schema, deps.logger, deps.limits);
  const fanout = createFanout({ contextFor, format: operations.format, logger: deps.logger });

  const server = serveGraphQLWs<Record<string, unknown> | undefined>(
    {
      schema,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = text(params['authorization']) ?? text(params['Authorization']);
        const workspaceSlug = text(params['workspace'], 100);
        const cookies = authorization ? undefined : text(ctx.extra.request.headers.cookie, 16_384);
        const sessionToken = cookies === undefined ? undefined : fastify.parseCookie(cookies)[SESSION_COOKIE];
        if (sessionToken && !sameOrigin(ctx.extra.request)) return false;
        const built = await buildContext({
          orm: deps.orm,
          services: deps.services,
          auth: deps.auth,
          settings: deps.settings,
          credentials: { sessionToken, authorization, workspaceSlug },
          http: null,
        });
        // Unknown credentials: refuse the connection (4403 Forbidden).
        if (built.authError || !built.principal) return false;
        auth.set(ctx.extra.socket, { principal: built.principal });
        return true;
      },
      context: (ctx): Context => contextFor(auth.get(ctx.extra.socket)?.principal ?? null),
      onSubscribe: (ctx, id, payload) => {
        const args = operations.onSubscribe(ctx, id, payload);
        const principal = auth.get(ctx.extra.socket)?.principal;
        if (principal && !Array.isArray(args)) {
          const { query, operationName, variables } = payload;
          fanout.register(args as ExecutionArgs, { socket: ctx.extra.socket, id, principal, query, operationName, variables });
        }
        return args;
      },
      subscribe: fanout.subscribe,
      onError: operations.onError,
      onNext: operations.onNext,
    },
    wss,
    deps.logger,
  );

  const offRevoked = closeRevokedSockets(deps, wss, auth);

  return async () => {
    offRevoked();
    fastify.server.off('upgrade', onUpgrade);
    await server.dispose();
    for (const socket of wss.clients) socket.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  };
}

/** Upgrades requests for /graphql; destroys other upgrade requests when nobody else serves them. */
function upgradeHandler(fastify: FastifyInstance, wss: WebSocketServer) {
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/graphql') {
      // Nobody else serves WebSockets on this server: do not leave the socket hanging.
      if (fastify.server.listenerCount('upgrade') === 1) socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      wss.emit('connection', ws, request);
    });
  };
}

/**
 * A deleted API key or an ended session (signed out, user disabled, password reset) closes the
 * live sockets it opened, on every instance, with 4401 (graphql-ws does not retry it). A session
 * that is still valid but whose user changed (role, workspaces) closes with
 * {@link CREDENTIALS_CHANGED}: the client reconnects and is authenticated afresh.
 */
function closeRevokedSockets(deps: GraphQLDeps, wss: WebSocketServer, auth: WeakMap<WebSocket, ConnectionAuth>) {
  return deps.services.bus.on('cache/invalidate', (event) => {
    const cache = event.cache === 'apiKey' ? 'apiKey' : event.cache === 'session' ? 'session' : null;
    if (cache === null || event.key === null) return;
    for (const socket of wss.clients) {
      const principal = auth.get(socket)?.principal;
      if (!principal || credentialOf(principal, cache) !== event.key) continue;
      const stillValid = principal.kind === 'user' ? deps.auth.sessions.isActive(principal.sessionId) : Promise.resolve(false);
      void stillValid
        .catch(() => false)
        .then((valid) => (valid ? socket.close(CREDENTIALS_CHANGED, 'Credentials changed') : socket.close(4401, 'Credentials revoked')));
    }
  });
}

/** The id of the credential behind a principal, for the cache named by an invalidation event. */
function credentialOf(principal: Principal, cache: 'apiKey' | 'session'): string | null {
  if (cache === 'apiKey') return principal.kind === 'apiKey' ? principal.apiKey.id : null;
  return principal.kind === 'user' ? principal.sessionId : null;
}
