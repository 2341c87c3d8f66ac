/**
 * Hot routes answered on Node's request and response before Fastify sees them (today: /proxy).
 * A proxied request needs none of what Fastify adds per request (routing objects, the cookie,
 * compression and security-header hooks, a child logger, a stream reply): skipping it is most
 * of the proxy's overhead. Fastify keeps everything else, and every request once it is closing
 * (it answers 503 then), so a raw route never sees a request after `close()` began.
 */
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';

/** Answers the request (and returns true), or returns false to leave it to Fastify. */
export type RawRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

export class RawRoutes {
  readonly #routes: RawRoute[] = [];
  #closing = false;

  add(route: RawRoute): void {
    this.#routes.push(route);
  }

  /** From now on every request goes to Fastify (which answers 503 while closing). */
  closing(): void {
    this.#closing = true;
  }

  handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.#closing) return false;
    for (const route of this.#routes) if (route(req, res)) return true;
    return false;
  }
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** The options Fastify hands its server factory (its defaults applied). */
interface FactoryOptions {
  http?: ServerOptions | undefined;
  keepAliveTimeout?: number | undefined;
  requestTimeout?: number | undefined;
  connectionTimeout?: number | undefined;
  maxRequestsPerSocket?: number | undefined;
}

/**
 * A Fastify `serverFactory`: the HTTP/1 server Fastify would make (same timeouts), asking the
 * raw routes first.
 */
export function rawRoutesServerFactory(routes: RawRoutes) {
  return (fastifyHandler: Handler, options: FactoryOptions): Server => {
    const server = createServer(options.http ?? {}, (req, res) => {
      if (!routes.handle(req, res)) fastifyHandler(req, res);
    });
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout ?? 0);
    if (options.maxRequestsPerSocket) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };
}
