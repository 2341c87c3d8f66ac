/**
 * `pnpm bench`, console section: the sign-in page's JavaScript as Chromium receives it from the
 * real server (`node apps/api/dist/main.js` serving the built console, as `pnpm start` does),
 * and the gzip size of the initial JavaScript the build's budget counts (entry and its static
 * imports). Baselines are the figures measured before compression and route splitting.
 *
 * Needs apps/api/dist and apps/web/dist (the root `bench` script builds both).
 */
/* global fetch */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const webDist = join(root, 'apps/web/dist');
const TARGET_TRANSFER_KIB = 130;
const BASELINE_TRANSFER_KIB = 703;
const TARGET_INITIAL_GZIP_KIB = 120;
const BASELINE_INITIAL_GZIP_KIB = 156;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'gk-bench-console-'));
  const child = spawn(process.execPath, [join(root, 'apps/api/dist/main.js')], {
    cwd: join(root, 'apps/api'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return { url, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error('the server did not answer /healthz within 30 s');
}

/** Bytes of JavaScript (headers and encoded body) Chromium received to show the sign-in page. */
async function signInTransfer(url) {
  const require = createRequire(join(root, 'apps/web/package.json'));
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    const scripts = [];
    page.on('requestfinished', (request) => {
      if (request.resourceType() === 'script') scripts.push(request);
    });
    await page.goto(`${url}/sign-in`, { waitUntil: 'networkidle' });
    await page.locator('#email').waitFor();
    let bytes = 0;
    const encodings = new Set();
    for (const request of scripts) {
      const sizes = await request.sizes();
      bytes += sizes.responseBodySize + sizes.responseHeadersSize;
      encodings.add((await request.response())?.headers()['content-encoding'] ?? 'identity');
    }
    return { bytes, files: scripts.length, encodings: [...encodings].join(', ') };
  } finally {
    await browser.close();
  }
}

/** gzip -9 of the entry script and the modules index.html preloads: what the build's budget counts. */
function initialGzip() {
  const html = readFileSync(join(webDist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(webDist, file)), { level: 9 }).length, 0);
  return { bytes, files: files.length };
}

const kib = (bytes) => (bytes / 1024).toFixed(1);
const verdict = (value, target) => (value <= target ? 'met' : 'NOT met');

if (!existsSync(join(webDist, 'index.html'))) throw new Error('apps/web/dist is missing: build the console first');
const server = await startServer();
try {
  const wire = await signInTransfer(server.url);
  const initial = initialGzip();
  const wireKib = wire.bytes / 1024;
  const initialKib = initial.bytes / 1024;
  console.log('\nConsole: the sign-in page in Chromium against node apps/api/dist/main.js');
  console.log(
    `  JavaScript over the wire: ${kib(wire.bytes)} KiB in ${wire.files} files (${wire.encodings}); baseline ${BASELINE_TRANSFER_KIB} KiB; target <= ${TARGET_TRANSFER_KIB} KiB: ${verdict(wireKib, TARGET_TRANSFER_KIB)}`,
  );
  console.log(
    `  initial JavaScript, gzip -9: ${kib(initial.bytes)} KiB in ${initial.files} files; baseline ${BASELINE_INITIAL_GZIP_KIB} KB; target <= ${TARGET_INITIAL_GZIP_KIB} KiB: ${verdict(initialKib, TARGET_INITIAL_GZIP_KIB)}`,
  );
} finally {
  await server.stop();
}
