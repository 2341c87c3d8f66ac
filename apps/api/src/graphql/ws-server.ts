/**
 * graphql-ws on a `ws` WebSocketServer: graphql-ws's own `use/ws` adapter, except for two things.
 * A message that only a server may send (`connection_ack`, `next`, `error`) arriving from a client
 * is the client's mistake: 4400 Bad Request, like any other invalid message, where `use/ws` closes
 * with 4500 and prints to the console. And a real failure while handling a message is logged through
 * pino, with a generic close reason.
 */
import type { IncomingMessage } from 'node:http';
import { CloseCode, handleProtocols, makeServer, MessageType, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';

export type WsExtra = { socket: WebSocket; request: IncomingMessage };

/** What a client may send (graphql-transport-ws); anything else of valid shape is refused with 4400. */
const CLIENT_MESSAGES: ReadonlySet<string> = new Set([
  MessageType.ConnectionInit,
  MessageType.Ping,
  MessageType.Pong,
  MessageType.Subscribe,
  MessageType.Complete,
]);

/** The `type` of a JSON message when it names a message only a server may send. */
function serverOnlyType(data: string): string | null {
  try {
    const type = (JSON.parse(data) as { type?: unknown } | null)?.type;
    return typeof type === 'string' && Object.values<string>(MessageType).includes(type) && !CLIENT_MESSAGES.has(type) ? type : null;
  } catch {
    return null;
  }
}

/** Pings every `keepAliveMs`; a socket that does not answer within the next interval is terminated. */
function keepAlive(socket: WebSocket, keepAliveMs: number): () => void {
  let pongWait: ReturnType<typeof setTimeout> | null = null;
  const interval = setInterval(() => {
    if (socket.readyState !== socket.OPEN) return;
    pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
    socket.once('pong', () => {
      if (pongWait) clearTimeout(pongWait);
      pongWait = null;
    });
    socket.ping();
  }, keepAliveMs);
  return () => {
    clearInterval(interval);
    if (pongWait) clearTimeout(pongWait);
  };
}

export function serveGraphQLWs<P extends Record<string, unknown> | undefined>(
  options: ServerOptions<P, WsExtra>,
  wss: WebSocketServer,
  logger: Logger,
  keepAliveMs = 12_000,
): { dispose(): Promise<void> } {
  const server = makeServer<P, WsExtra>(options);
  wss.options.handleProtocols = handleProtocols;
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    socket.once('error', (err) => {
      logger.warn({ err }, 'graphql-ws socket error');
      socket.close(CloseCode.InternalServerError, 'Internal server error');
    });
    const stopKeepAlive = keepAlive(socket, keepAliveMs);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (err) => (err ? reject(err) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (event) => {
            const data = String(event);
            const refused = serverOnlyType(data);
            if (refused !== null) return socket.close(CloseCode.BadRequest, `Invalid message: a client may not send "${refused}"`);
            try {
              await handle(data);
            } catch (err) {
              logger.error({ err }, 'graphql-ws message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      stopKeepAlive();
      void closed(code, String(reason));
    });
  });
  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
