/**
 * Child processes of the proxy bench (`node proxy-children.js <role> [upstream URL]`):
 * - `upstream`: a plain node:http server answering every request with a small JSON body;
 * - `stock`: a stock Fastify 5 + @fastify/http-proxy forwarding everything to the upstream.
 * Each prints `{"url": …, "loopStats": true}` as its first stdout line, then answers SIGUSR2
 * with its loop-stats.ts figures.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fastifyHttpProxy from '@fastify/http-proxy';
import Fastify from 'fastify';
import { reportLoopStatsOnSignal } from './loop-stats.js';

const BODY = JSON.stringify({
  items: [
    { id: 1, name: 'first' },
    { id: 2, name: 'second' },
  ],
  next: null,
});
const [role, upstream] = process.argv.slice(2);
reportLoopStatsOnSignal();

if (role === 'upstream') {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
    res.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, loopStats: true })}\n`);
  });
} else if (role === 'stock' && upstream) {
  const app = Fastify({ logger: false });
  await app.register(fastifyHttpProxy, { upstream, prefix: '/proxy/UPSTREAM' });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ url, loopStats: true })}\n`);
} else {
  throw new Error('usage: proxy-children.js upstream | stock <upstream URL>');
}
