/**
 * A local upstream REST API for the proxy tests: records every request it receives (method,
 * URL, headers, body size) and answers by path:
 * - `/echo…`: 200 with the request as JSON (and `seen`, its index in `seen`), plus a `set-cookie`,
 *   a hop-by-hop header, an `x-upstream` header (to check what the proxy passes back) and a
 *   `link` header repeating the request's URL (as a pagination link does); with `?gzip=1` the
 *   body is gzipped whatever the request accepts, with `?trickle=N` written N bytes at a time, with
 *   `?repeat=N` the JSON line N times, with `?encoding=x` labelled `content-encoding: x` (not encoded);
 * - `/redirect`: 302 to `/elsewhere`;
 * - `/unauthorized-once`: 401 for the first bearer token it sees, 200 for any other;
 * - `/unauthorized`: always 401;
 * - `/silent`: never answers (until the server closes); `silentClosed` counts those whose
 *   connection went away (the proxy gave up on them);
 * - `/stall`: answers 200 and the first chunk of a body it never finishes; `stallClosed` as above;
 * - `/download?mb=N`: N MiB streamed in 64 KiB chunks, honouring backpressure; `downloads`
 *   tells how far each got and whether it is waiting for its reader.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
}

/** The progress of one `/download`, as the upstream sees it. */
export interface DownloadProgress {
  /** Bytes handed to the socket so far. */
  sent: number;
  /** True while the socket's buffer is full and the upstream waits for `drain`. */
  waiting: boolean;
  done: boolean;
}

export interface TestUpstream {
  url: string;
  seen: SeenRequest[];
  /** Every `/download` so far, in the order they started. */
  downloads: DownloadProgress[];
  /** `/silent` requests whose connection was closed by the other side. */
  readonly silentClosed: number;
  /** `/stall` requests whose connection was closed by the other side. */
  readonly stallClosed: number;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x61);

/** `body` written `size` bytes at a time, each write in its own turn (so each reaches the socket alone). */
function trickle(res: ServerResponse, body: Buffer, size: number): void {
  let at = 0;
  const next = () => {
    if (at >= body.length) return void res.end();
    res.write(body.subarray(at, (at += size)));
    setImmediate(next);
  };
  next();
}

function download(res: ServerResponse, mib: number): DownloadProgress {
  const progress: DownloadProgress = { sent: 0, waiting: false, done: false };
  let remaining = mib * 16;
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(mib * 1024 * 1024) });
  const pump = () => {
    progress.waiting = false;
    while (remaining > 0) {
      remaining -= 1;
      progress.sent += CHUNK.length;
      if (!res.write(CHUNK)) {
        progress.waiting = true;
        return void res.once('drain', pump);
      }
    }
    res.end(() => {
      progress.done = true;
    });
  };
  pump();
  return progress;
}

/** The `/echo…` answer: the request as JSON, repeated (`?repeat=N`), gzipped (`?gzip=1`) or trickled (`?trickle=N`) when asked. */
function echo(res: ServerResponse, request: SeenRequest, index: number): void {
  const params = new URL(request.url, 'http://upstream').searchParams;
  const line = JSON.stringify({ ...request, seen: index });
  let body = Buffer.from(Array.from({ length: Number(params.get('repeat') ?? 1) }, () => line).join('\n'));
  if (params.get('gzip') === '1') body = gzipSync(body);
  res.writeHead(200, {
    'content-type': 'application/json',
    'set-cookie': 'upstream_session=abc; HttpOnly',
    'keep-alive': 'timeout=5',
    'x-upstream': 'yes',
    link: `<${request.url}>; rel="next"`,
    ...(params.get('gzip') === '1' ? { 'content-encoding': 'gzip' } : {}),
    ...(params.get('encoding') ? { 'content-encoding': params.get('encoding')! } : {}),
  });
  const size = Number(params.get('trickle') ?? 0);
  if (size > 0) trickle(res, body, size);
  else res.end(body);
}

export async function startTestUpstream(): Promise<TestUpstream> {
  const seen: SeenRequest[] = [];
  const downloads: DownloadProgress[] = [];
  let rejectedToken: string | null = null;
  let silentClosed = 0;
  let stallClosed = 0;
  const server = createServer((req, res) => {
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => {
      bodyBytes += chunk.length;
    });
    req.on('end', () => {
      const url = req.url ?? '/';
      const request = { method: req.method ?? 'GET', url, headers: req.headers, bodyBytes };
      seen.push(request);
      const path = new URL(url, 'http://upstream').pathname.replace(/^\/v1/, '');
      if (path === '/silent' || path === '/stall') {
        if (path === '/stall') res.writeHead(200, { 'content-type': 'text/plain' }).write('first chunk');
        return void res.once('close', () => (path === '/stall' ? (stallClosed += 1) : (silentClosed += 1)));
      }
      if (path === '/redirect') return void res.writeHead(302, { location: '/elsewhere' }).end();
      if (path === '/download') {
        return void downloads.push(download(res, Number(new URL(url, 'http://upstream').searchParams.get('mb') ?? '1')));
      }
      const token = req.headers.authorization ?? '';
      if (path === '/unauthorized' || (path === '/unauthorized-once' && (rejectedToken ?? token) === token)) {
        rejectedToken = token;
        return void res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end('{"error":"invalid_token"}');
      }
      echo(res, request, seen.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    downloads,
    get silentClosed() {
      return silentClosed;
    },
    get stallClosed() {
      return stallClosed;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
