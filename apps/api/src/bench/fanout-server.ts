/**
 * Servers of the fan-out bench (`node fanout-server.js grantkeeper | raw`), each a child process
 * of `fanout.js`. Each prints one JSON line `{ wsUrl, controlUrl, headers? }` and then serves
 * a control port:
 * - `POST /fire`: grantkeeper publishes one authorization change on its event bus (as the
 *   refresher does after a refresh); raw broadcasts the request body to every `ws` client;
 * - `GET /rss`: this process's resident set size in bytes (after a GC when exposed).
 * Stops on SIGTERM.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { authorizationTopic } from '../events/index.js';
import { notAuthorizedView } from '../views/authorization-view.js';
import { startBenchApp } from './bench-app.js';

type Fire = (body: string) => Promise<void> | void;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function control(fire: Fire): Promise<string> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      if (request.method === 'POST' && request.url === '/fire') {
        await fire(await readBody(request));
        response.writeHead(204).end();
      } else if (request.url === '/rss') {
        (globalThis as { gc?: () => void }).gc?.();
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rss: process.memoryUsage().rss }));
      } else {
        response.writeHead(404).end();
      }
    })();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

async function grantkeeper(): Promise<() => Promise<void>> {
  const { app, url, workspaceId, viewerKey, close } = await startBenchApp('gk-bench-fanout-');
  let sequence = 0;
  const controlUrl = await control(() => {
    sequence += 1;
    const now = new Date();
    return app.domain.bus.publish(authorizationTopic(workspaceId), {
      workspaceId,
      connectionCode: 'CRM',
      authorization: {
        ...notAuthorizedView('CRM'),
        status: 'AUTHORIZED',
        tokenExpiresAt: new Date(now.getTime() + 3_600_000),
        lastAuthorizedAt: now,
        authorizedBy: 'bench@grantkeeper.test',
        lastRefreshedAt: now,
        grantedScopes: ['openid', 'api.read', `round-${sequence}`],
        nextRefreshAt: new Date(now.getTime() + 3_300_000),
        refreshScheduledAt: new Date(now.getTime() + 3_300_000),
        hasAccessToken: true,
      },
    });
  });
  const wsUrl = `${url.replace(/^http/, 'ws')}/graphql`;
  process.stdout.write(`${JSON.stringify({ wsUrl, controlUrl, authorization: `Bearer ${viewerKey}` })}\n`);
  return close;
}

async function raw(): Promise<() => Promise<void>> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const controlUrl = await control((body) => {
    for (const socket of wss.clients) socket.send(body);
  });
  const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  process.stdout.write(`${JSON.stringify({ wsUrl, controlUrl })}\n`);
  return () => new Promise<void>((resolve) => wss.close(() => resolve()));
}

const role = process.argv[2];
const stop = role === 'grantkeeper' ? await grantkeeper() : role === 'raw' ? await raw() : undefined;
if (!stop) throw new Error('usage: fanout-server.js grantkeeper | raw');
const exit = () => void stop().finally(() => process.exit(0));
process.on('SIGTERM', exit);
process.on('SIGINT', exit);
