import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createOrm, migrate } from '../persistence/orm.js';
import { createTestDatabase, startTestServer, type TestServer } from '../testing/index.js';
import { BODY_LIMIT_BYTES, createHttpServer } from './server.js';

describe('HTTP server without a built console', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { WEB_DIST_DIR: join(tmpdir(), 'gk-no-console-here') } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('sends security headers and a request id on every answer', async () => {
    for (const path of ['/healthz', '/', '/missing.js']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const csp = res.headers.get('content-security-policy') ?? '';
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        `connect-src 'self' ${server.url.replace(/^http/, 'ws')}`,
        "frame-ancestors 'none'",
      ]) {
        expect(csp.split('; ')).toContain(directive);
      }
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(res.headers.get('strict-transport-security')).toBeNull(); // PUBLIC_URL is http
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('keeps a harmless caller request id and replaces an unsafe one', async () => {
    const kept = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'proxy-123' } });
    expect(kept.headers.get('x-request-id')).toBe('proxy-123');
    const replaced = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves a helpful page at / and for console paths when the console is not built', async () => {
    const root = await fetch(`${server.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toContain('text/html');
    const page = await root.text();
    expect(page).toContain('Grantkeeper is running');
    expect(page).toContain(`${server.url}/oauth/callback`);
    const deep = await fetch(`${server.url}/connections/CRM/authorization`);
    expect(deep.status).toBe(404);
    expect(await deep.text()).toContain('pnpm --filter @grantkeeper/web build');
  });

  it('answers unknown API paths and assets with a JSON 404', async () => {
    for (const [method, path] of [
      ['GET', '/oauth/nothing'],
      ['GET', '/missing.js'],
      ['POST', '/somewhere'],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
    }
  });
});

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request with the given headers, the body exactly as sent (fetch would decode it). */
function raw(url: string, headers: Record<string, string>, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const APP_JS = `console.log(${JSON.stringify('app '.repeat(400))})`;

describe('HTTP server with a built console', () => {
  let server: TestServer;
  let webDir: string;

  beforeAll(async () => {
    webDir = await mkdtemp(join(tmpdir(), 'gk-web-'));
    await mkdir(join(webDir, 'assets'));
    await writeFile(join(webDir, 'index.html'), '<!doctype html><title>console</title><div id="app"></div>');
    await writeFile(join(webDir, 'assets', 'app-1234.js'), APP_JS);
    // What the console build writes next to each asset (apps/web/scripts/precompress.ts).
    await writeFile(join(webDir, 'assets', 'app-1234.js.br'), brotliCompressSync(APP_JS));
    await writeFile(join(webDir, 'assets', 'app-1234.js.gz'), gzipSync(APP_JS));
    server = await startTestServer({ env: { WEB_DIST_DIR: webDir } });
  });
  afterAll(async () => {
    await server?.close();
    await rm(webDir, { recursive: true, force: true });
  });

  it('serves index.html at / and for every console route (SPA fallback)', async () => {
    for (const path of ['/', '/connections', '/connections/CRM/authorization?result=authorized', '/authorization-result']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('<title>console</title>');
    }
  });

  it('serves hashed assets with a long cache lifetime', async () => {
    const res = await fetch(`${server.url}/assets/app-1234.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toContain('console.log');
  });

  it('sends the precompressed brotli or gzip file when the browser accepts it, the plain one otherwise', async () => {
    const url = `${server.url}/assets/app-1234.js`;
    const br = await raw(url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['vary']).toContain('accept-encoding');
    expect(br.body.length).toBeLessThan(APP_JS.length / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(APP_JS);

    const gzip = await raw(url, { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(gzip.body).toString()).toBe(APP_JS);

    const plain = await raw(url, { 'accept-encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP_JS);
  });

  it('sends index.html with no-cache, at / and for console routes', async () => {
    for (const path of ['/', '/index.html', '/connections']) {
      const res = await raw(`${server.url}${path}`, { 'accept-encoding': 'br, gzip' });
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-cache');
    }
  });

  it('compresses GraphQL answers above the threshold when accepted, not small ones', async () => {
    const login = await raw(
      `${server.url}/graphql`,
      { 'content-type': 'application/json' },
      JSON.stringify({
        query: 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }',
        variables: { e: server.adminEmail, p: server.adminPassword },
      }),
    );
    const cookie = String(login.headers['set-cookie']?.[0]).split(';')[0]!;
    const post = (query: string, encoding: string): Promise<RawAnswer> =>
      raw(`${server.url}/graphql`, { 'content-type': 'application/json', 'accept-encoding': encoding, cookie }, JSON.stringify({ query }));
    const large = await post('{ __schema { types { name description } } }', 'gzip');
    expect(large.status).toBe(200);
    expect(large.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(large.body).toString()).data.__schema.types.length).toBeGreaterThan(10);

    const small = await post('{ __typename }', 'gzip, br');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString())).toEqual({ data: { __typename: 'Query' } });
  });

  it('does not answer API paths or missing assets with the console', async () => {
    for (const path of ['/oauth/unknown', '/assets/missing.js', '/graphql/nothing']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/json');
    }
  });
});

describe('HTTP server limits and readiness', () => {
  it('refuses a body over the limit with 413 and reports 503 when the database is gone', async () => {
    const db = await createTestDatabase('sqlite');
    const orm = await createOrm(db.database);
    await migrate(orm);
    const fastify = await createHttpServer({
      config: { webDistDir: join(tmpdir(), 'gk-none'), publicUrl: 'http://127.0.0.1' },
      logger: createLogger({ level: 'silent' }),
      orm,
    });
    fastify.post('/echo', async (request) => ({ size: JSON.stringify(request.body).length }));
    try {
      const small = await fastify.inject({ method: 'POST', url: '/echo', payload: { a: 'x'.repeat(1000) } });
      expect(small.statusCode).toBe(200);
      const big = await fastify.inject({
        method: 'POST',
        url: '/echo',
        payload: { a: 'x'.repeat(BODY_LIMIT_BYTES + 1) },
      });
      expect(big.statusCode).toBe(413);
      expect((await fastify.inject({ url: '/readyz' })).statusCode).toBe(200);
      await orm.close(true);
      const down = await fastify.inject({ url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ status: 'unavailable' });
    } finally {
      await fastify.close();
      await orm.close(true);
      await db.drop();
    }
  });
});

describe('HTTP server behind a proxy', () => {
  it('takes the client address from X-Forwarded-For only when TRUST_PROXY says so', async () => {
    const db = await createTestDatabase('sqlite');
    const orm = await createOrm(db.database);
    const logger = createLogger({ level: 'silent' });
    const base = { webDistDir: join(tmpdir(), 'gk-none'), publicUrl: 'http://127.0.0.1' };
    const direct = await createHttpServer({ config: { ...base, trustProxy: false }, logger, orm });
    const proxied = await createHttpServer({ config: { ...base, trustProxy: 1 }, logger, orm });
    try {
      for (const fastify of [direct, proxied]) fastify.get('/ip', async (request) => ({ ip: request.ip }));
      const request = {
        url: '/ip',
        remoteAddress: '10.0.0.5',
        headers: { 'x-forwarded-for': '203.0.113.9' },
      };
      expect((await direct.inject(request)).json()).toEqual({ ip: '10.0.0.5' });
      expect((await proxied.inject(request)).json()).toEqual({ ip: '203.0.113.9' });
    } finally {
      await direct.close();
      await proxied.close();
      await orm.close(true);
      await db.drop();
    }
  });
});
