/**
 * BENCH REFERENCE ONLY, not product code: the barest correct Node proxy on this machine, the
 * floor /proxy is measured against (`node bare-proxy.js <upstream URL> [workers]`). node:http
 * server + one undici Pool to the upstream; method, path, headers (hop-by-hop dropped) and body
 * streamed both ways, the caller's socket's backpressure pausing the upstream. No auth, no
 * credentials, no checks, no request id, no timeouts beyond undici's. With `workers` (e.g. 2) it
 * runs in cluster mode, each worker its own server and Pool on the shared port. Prints
 * `{"url", "loopStats", "pids"}` (every process that answers: their CPU time is counted).
 */
import cluster from 'node:cluster';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool, type Dispatcher } from 'undici';
import { reportLoopStatsOnSignal } from './loop-stats.js';

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-connection', 'host', 'expect']);
const [upstream, workers] = process.argv.slice(2) as [string, string | undefined];

/** A flat [name, value, …] list without the hop-by-hop headers. */
function endToEnd(raw: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP.has(raw[i]!.toLowerCase())) kept.push(raw[i]!, raw[i + 1]!);
  return kept;
}

class Reply implements Dispatcher.DispatchHandler {
  constructor(private readonly res: ServerResponse) {}
  onConnect(abort: () => void): void {
    this.res.once('close', () => void (this.res.writableFinished || abort()));
  }
  onHeaders(status: number, raw: Buffer[], resume: () => void): boolean {
    this.res.writeHead(status, endToEnd(raw.map((b) => b.toString('latin1'))));
    this.res.on('drain', resume);
    return true;
  }
  onData(chunk: Buffer): boolean {
    return this.res.write(chunk);
  }
  onComplete(): void {
    this.res.end();
  }
  onError(): void {
    if (this.res.headersSent) this.res.destroy();
    else this.res.writeHead(502).end();
  }
}

if (workers && cluster.isPrimary) {
  const forked = Array.from({ length: Number(workers) }, () => cluster.fork());
  const ports = await Promise.all(forked.map((w) => new Promise<number>((ok) => w.once('listening', (a) => ok(a.port)))));
  const pids = [process.pid, ...forked.map((w) => w.process.pid)];
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${ports[0]}`, loopStats: false, pids })}\n`);
  process.on('SIGTERM', () => (forked.forEach((w) => w.kill()), process.exit(0)));
} else {
  const pool = new Pool(upstream, { connections: 128, pipelining: 1 });
  const server = createServer((req, res) => {
    const body = req.method === 'GET' || req.method === 'HEAD' ? null : req;
    pool.dispatch({ method: req.method!, path: req.url!, headers: endToEnd(req.rawHeaders), body }, new Reply(res));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    if (workers) return; // the primary prints the shared port
    reportLoopStatsOnSignal();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.stdout.write(`${JSON.stringify({ url, loopStats: true, pids: [process.pid] })}\n`);
  });
}
