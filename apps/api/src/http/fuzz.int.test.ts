/**
 * The fuzz, short form: 10,000 malformed requests from a seeded PRNG (FUZZ_SEED to replay
 * another run) against one real server — GraphQL POST and GET, bad JSON, odd variables, bad
 * content types, /oauth/callback and /proxy junk, odd paths over HTTP, and junk graphql-ws
 * frames over WebSocket — must give no 5xx, no INTERNAL_SERVER_ERROR anywhere, no error log
 * line, and the server must still answer /healthz.
 */
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encode, int, junkGraphQLBody, junkQueryString, junkText, junkValue, pick, prng, type Random } from '../testing/fuzz.js';
import { startTestServer, type TestServer } from '../testing/index.js';
import { RecordingClient } from '../graphql/test-support.js';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const HTTP_REQUESTS = 8_000;
const WS_FRAMES = 2_000;
const FRAMES_PER_SOCKET = 10;
const CONCURRENCY = 16;

interface Junk {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface Finding {
  what: string;
  status: number | string;
  excerpt: string;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/graphql',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  '*/*',
  '',
];
const PATHS = [
  '/graphql',
  '/graphql/',
  '/graphql?',
  '/oauth/callback',
  '/oauth/',
  '/proxy',
  '/proxy/',
  '/api/x',
  '/healthz/x',
  '/readyz?x',
  '/%00',
  '/..%2f..%2fetc',
  `/${'a'.repeat(5000)}`,
  '/connections/%E0%A4%A',
];

function credentials(random: Random, cookie: string, apiKey: string): Record<string, string> {
  switch (int(random, 5)) {
    case 0:
      return { cookie };
    case 1:
      return { authorization: `Bearer ${apiKey}` };
    case 2:
      return { authorization: pick(random, ['Bearer', 'Bearer gk_x', 'Basic Og==', `Bearer ${'x'.repeat(5000)}`, 'bearer  ']) };
    case 3:
      return { cookie: pick(random, ['gk_session=', 'gk_session=x; gk_session=y', `gk_session=${'%'.repeat(100)}`, '=;=;']) };
    default:
      return {};
  }
}

function junkRequest(random: Random, cookie: string, apiKey: string): Junk {
  const headers = credentials(random, cookie, apiKey);
  if (random() < 0.3) headers['x-workspace'] = encode(junkText(random)).slice(0, 200);
  const kind = int(random, 10);
  if (kind < 5) {
    const contentType = random() < 0.8 ? 'application/json' : pick(random, CONTENT_TYPES);
    if (contentType) headers['content-type'] = contentType;
    if (random() < 0.1) headers['apollo-require-preflight'] = 'true';
    return { method: 'POST', path: '/graphql', headers, body: junkGraphQLBody(random) };
  }
  if (kind === 5) {
    const query = junkQueryString(random, ['query', 'variables', 'operationName', 'extensions']);
    return { method: pick(random, ['GET', 'GET', 'HEAD', 'DELETE', 'PUT']), path: `/graphql?${query}`, headers };
  }
  if (kind === 6) {
    const query = junkQueryString(random, ['state', 'code', 'iss', 'error', 'error_description', 'session_state']);
    return { method: 'GET', path: `/oauth/callback?${query}`, headers };
  }
  if (kind === 7) {
    // The admin cookie is a console session: it may never proxy, so nothing is forwarded.
    const code = encode(junkText(random)).slice(0, 300);
    const path = `/proxy/${code}/${encode(junkText(random)).slice(0, 300)}?${junkQueryString(random, ['a', 'b'])}`;
    const { authorization: _key, ...proxyHeaders } = headers;
    if (random() < 0.5) proxyHeaders.authorization = pick(random, ['Bearer gk_nope', 'Basic Og==', 'Bearer']);
    return {
      method: pick(random, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']),
      path,
      headers: proxyHeaders,
      body: random() < 0.5 ? junkText(random) : undefined,
    };
  }
  const contentType = pick(random, CONTENT_TYPES);
  if (contentType) headers['content-type'] = contentType;
  return {
    method: pick(random, ['GET', 'POST', 'OPTIONS', 'PATCH']),
    path: pick(random, PATHS),
    headers,
    body: random() < 0.5 ? junkGraphQLBody(random) : undefined,
  };
}

/** A junk graphql-ws frame, or a real message with junk inside. */
function junkFrame(random: Random, apiKey: string): string | Buffer {
  const message = (type: unknown, rest: Record<string, unknown> = {}) => JSON.stringify({ type, ...rest });
  switch (int(random, 9)) {
    case 0:
      return message('connection_init', { payload: random() < 0.5 ? { authorization: `Bearer ${apiKey}` } : junkValue(random) });
    case 1:
      return message('subscribe', { id: junkValue(random), payload: { query: 'subscription { authorizationChanged { status } }' } });
    case 2:
      return message('subscribe', {
        id: String(int(random, 5)),
        payload: { query: junkGraphQLBody(random), variables: junkValue(random) },
      });
    case 3:
      return message('subscribe', { id: String(int(random, 5)), payload: junkValue(random) });
    case 4:
      return message(pick(random, ['ping', 'pong', 'complete', 'next', 'error', 'connection_ack', 'nope', 1, null]), {
        payload: junkValue(random),
        id: junkValue(random),
      });
    case 5:
      return JSON.stringify(junkValue(random)) ?? 'undefined';
    case 6:
      return junkGraphQLBody(random);
    case 7:
      return Buffer.from(Array.from({ length: int(random, 64) }, () => int(random, 256)));
    default:
      return message('complete', { id: String(int(random, 5)) });
  }
}

describe('fuzz (short form)', () => {
  let server: TestServer;
  let cookie: string;
  let apiKey: string;
  const findings: Finding[] = [];

  beforeAll(async () => {
    server = await startTestServer({ database: 'sqlite' });
    const client = new RecordingClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
    apiKey = await client.createApiKey(cookie, 'fuzz', 'ADMIN');
  });

  afterAll(async () => {
    await server?.close();
  });

  function check(what: string, status: number | string, text: string): void {
    if ((typeof status === 'number' && status >= 500) || text.includes('INTERNAL_SERVER_ERROR')) {
      findings.push({ what, status, excerpt: text.slice(0, 300) });
    }
  }

  it(`${HTTP_REQUESTS} malformed HTTP requests: no 5xx, no INTERNAL_SERVER_ERROR (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const requests = Array.from({ length: HTTP_REQUESTS }, () => junkRequest(random, cookie, apiKey));
    const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
    let next = 0;
    const statuses = new Map<number, number>();
    const worker = async () => {
      while (next < requests.length) {
        const index = next++;
        const junk = requests[index] as Junk;
        const what = `#${index} ${junk.method} ${junk.path.slice(0, 120)}`;
        try {
          const res = await request(`${server.url}${junk.path}`, {
            method: junk.method as 'GET',
            headers: junk.headers,
            body: junk.body,
            dispatcher,
          });
          check(what, res.statusCode, await res.body.text());
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        } catch (error) {
          // A request undici itself refuses to send (an invalid header value) never reached the server.
          if ((error as { code?: string }).code === 'UND_ERR_INVALID_ARG') continue;
          findings.push({ what, status: String((error as Error).message), excerpt: '' });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await dispatcher.close();
    expect(findings).toEqual([]);
    const sent = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(sent).toBeGreaterThan(HTTP_REQUESTS * 0.95);
    // The junk reaches real handlers: some of it is answered, most refused, some not found.
    for (const status of [200, 302, 400, 401, 404]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    console.info(`fuzz seed ${SEED}: HTTP statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    // About 10 s of CPU in all; the margin is for a machine shared with other test files.
  }, 120_000);

  it(`${WS_FRAMES} junk graphql-ws frames: no INTERNAL_SERVER_ERROR, no 4500 close (seed ${SEED})`, async () => {
    const random = prng(SEED + 1);
    const sockets = WS_FRAMES / FRAMES_PER_SOCKET;
    const closeCodes = new Map<number, number>();
    const session = async (index: number) => {
      const frames = Array.from({ length: FRAMES_PER_SOCKET }, () => junkFrame(random, apiKey));
      // Most sessions start properly, so that their junk reaches operations, not just the handshake.
      if (random() < 0.7) frames[0] = JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${apiKey}` } });
      const socket = new WebSocket(
        `${server.url.replace(/^http/, 'ws')}/graphql`,
        'graphql-transport-ws',
        index % 2 ? { headers: { cookie } } : {},
      );
      socket.on('message', (data) => check(`ws #${index}`, 'message', String(data)));
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
      for (const frame of frames) {
        if (socket.readyState !== WebSocket.OPEN) break;
        socket.send(frame);
      }
      // The server answers a ping once it has read everything sent before it (or has closed).
      if (socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ type: 'ping' }));
        const ponged = new Promise<void>((resolve) => socket.on('message', (data) => String(data).includes('"pong"') && resolve()));
        await Promise.race([ponged, closed]);
        socket.close();
      }
      const code = await closed;
      closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
    };
    for (let i = 0; i < sockets; i += CONCURRENCY) {
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, sockets - i) }, (_, j) => session(i + j)));
    }
    expect(findings).toEqual([]);
    console.info(`fuzz seed ${SEED + 1}: WebSocket close codes ${JSON.stringify(Object.fromEntries(closeCodes))}`);
    expect(closeCodes.get(4500) ?? 0).toBe(0);
    expect(closeCodes.get(1011) ?? 0).toBe(0);
  });

  it('closes with 4400, not 4500, when a client sends a message only a server may send', async () => {
    for (const type of ['connection_ack', 'next', 'error']) {
      const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      const acknowledged = new Promise<void>((resolve) =>
        socket.on('message', (data) => String(data).includes('connection_ack') && resolve()),
      );
      await new Promise<void>((resolve) => socket.once('open', () => resolve()));
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${apiKey}` } }));
      await acknowledged;
      socket.send(JSON.stringify({ type, id: '1', payload: { data: {} } }));
      expect(await closed).toBe(4400);
    }
  });

  it('leaves the server answering /healthz, with no error logged', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const errors = server.logs().filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    expect(errors.map((line) => line.slice(0, 300))).toEqual([]);
  });
});
