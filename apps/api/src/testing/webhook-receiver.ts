/**
 * A local webhook receiver for tests: records every request (headers and raw body) and answers
 * with what `respond` returns (default 204), when that is a promise once it settles. `waitFor`
 * resolves when the recorded requests satisfy a condition (no polling, no sleeps): it is
 * re-checked on every request, as soon as the request is in (before the answer).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** `webhook-id` header. */
  id: string;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** The status for the next request (called once per request); a promise holds the answer back until it settles. */
  respond: (request: ReceivedWebhook) => number | Promise<number>;
  waitFor(condition: (received: ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const waiters = new Set<() => void>();
  const receiver: WebhookReceiver = {
    url: '',
    port: 0,
    received: [],
    respond: () => 204,
    waitFor(condition, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!condition(receiver.received)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...receiver.received]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`The receiver's condition was not met; it got ${receiver.received.length} requests.`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), id: String(req.headers['webhook-id']) };
      receiver.received.push(request);
      void Promise.resolve(receiver.respond(request)).then((status) => {
        res.statusCode = status;
        res.end();
      });
      for (const waiter of [...waiters]) waiter();
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hooks`;
  return receiver;
}
