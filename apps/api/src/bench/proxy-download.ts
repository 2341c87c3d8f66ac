/**
 * The proxy's memory on a large download (issue 8: "a 100 MB download passing through with the
 * server's memory growing by less than 60 MB"): Grantkeeper runs in its own process, so its
 * peak RSS (VmHWM in /proc) is its own, not the client's or the upstream's. This process serves
 * BENCH_DOWNLOAD_MB MiB (default 100) from a node:http upstream and reads it through
 * /proxy/UPSTREAM, three times; it samples the server's RSS every 10 ms and prints how far above its
 * starting point it went, and the rate.
 * The target is printed, never asserted.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MIB = 1024 * 1024;
const DOWNLOAD_MB = Number(process.env.BENCH_DOWNLOAD_MB ?? 100);
const TIMES = 3;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);

const upstream = createServer((_req, res) => {
  let remaining = (DOWNLOAD_MB * MIB) / CHUNK.length;
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(DOWNLOAD_MB * MIB) });
  const pump = () => {
    while (remaining > 0) {
      remaining -= 1;
      if (!res.write(CHUNK)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
});
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

const server = spawn(process.execPath, [fileURLToPath(new URL('./grantkeeper-server.js', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NODE_ENV: 'production', BENCH_UPSTREAM_URL: upstreamUrl },
});

/** The server's resident set now, in bytes (Linux). */
async function rss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
}

function download(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res: IncomingMessage) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve(bytes));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

try {
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`grantkeeper-server exited with ${code}`)));
  });
  const { proxy } = JSON.parse(line) as { proxy: { url: string; headers: Record<string, string> } };
  // One small request first, so the baseline includes a warmed-up proxy path.
  await download(`${proxy.url}/warm-up`, proxy.headers);
  const before = await rss(server.pid!);
  let peak = before;
  const sampler = setInterval(() => void rss(server.pid!).then((now) => (peak = Math.max(peak, now))), 10);
  const started = performance.now();
  try {
    for (let i = 0; i < TIMES; i += 1) {
      const bytes = await download(`${proxy.url}/download`, proxy.headers);
      if (bytes !== DOWNLOAD_MB * MIB) throw new Error(`received ${bytes} bytes, expected ${DOWNLOAD_MB * MIB}`);
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const grew = peak - before;
  console.log(
    `proxy download: ${TIMES} x ${DOWNLOAD_MB} MiB through /proxy at ${((TIMES * DOWNLOAD_MB) / seconds).toFixed(0)} MiB/s; ` +
      `server RSS ${(before / 1e6).toFixed(0)} MB before, its peak grew by ${(grew / 1e6).toFixed(1)} MB (target < 60 MB)`,
  );
} finally {
  server.kill('SIGTERM');
  upstream.closeAllConnections();
  upstream.close();
}
