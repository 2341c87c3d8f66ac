/**
 * The graphql-ws hooks (parse + limits + the one error mapper) over a real WebSocket: a
 * graphql-ws server on a tiny schema and the real graphql-ws client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { AuthError } from '../auth/index.js';
import { webSocketOperations } from './ws-operations.js';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, resolve: () => 'world' },
      refused: {
        type: GraphQLString,
        resolve: () => {
          throw new AuthError('UNAUTHENTICATED', 'Too many attempts.', { reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 42 });
        },
      },
      broken: {
        type: GraphQLString,
        resolve: () => {
          throw new Error('secret-value in an unexpected error');
        },
      },
    },
  }),
});

/** Runs one operation; resolves with what the client received (a result, errors, or a close). */
function run(client: Client, query: string): Promise<{ data?: unknown; errors?: unknown }> {
  return new Promise((resolve) => {
    let last: { data?: unknown; errors?: unknown } = {};
    client.subscribe(
      { query },
      {
        next: (result) => (last = result),
        error: (error) => resolve({ errors: error }),
        complete: () => resolve(last),
      },
    );
  });
}

describe('graphql-ws operations (real client, real socket)', () => {
  let http: Server;
  let wss: WebSocketServer;
  let client: Client;
  const closes: number[] = [];
  const logLines: string[] = [];

  beforeAll(async () => {
    const logger = pino({ level: 'error' }, new Writable({ write: (chunk: Buffer, _e, cb) => (logLines.push(chunk.toString()), cb()) }));
    http = createServer();
    wss = new WebSocketServer({ server: http, path: '/graphql' });
    useServer({ schema, ...webSocketOperations(schema, logger, { introspection: false }) }, wss);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
    });
    client.on('closed', (event) => closes.push((event as { code: number }).code));
  });

  afterAll(async () => {
    await client.dispose();
    for (const socket of wss.clients) socket.terminate();
    await new Promise((resolve) => wss.close(resolve));
    await new Promise((resolve) => http.close(resolve));
  });

  it('keeps retryAfterSeconds, reason and code of a refused sign-in', async () => {
    const { errors } = await run(client, '{ refused }');
    expect(errors).toEqual([
      {
        message: 'Too many attempts.',
        locations: [{ line: 1, column: 3 }],
        path: ['refused'],
        extensions: { code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 42 },
      },
    ]);
  });

  it('answers a syntax error with an error message and keeps the socket open', async () => {
    const { errors } = await run(client, '{ hello ');
    expect(errors).toMatchObject([{ message: expect.stringMatching(/Syntax Error/), extensions: { code: 'BAD_USER_INPUT' } }]);
    expect(await run(client, '{ hello }')).toEqual({ data: { hello: 'world' } });
    expect(closes).toEqual([]);
  });

  it('gives no field suggestions (no schema hints for a guessing caller)', async () => {
    const [error] = (await run(client, '{ helo }')).errors as { message: string }[];
    expect(error?.message).toBe('Cannot query field "helo" on type "Query".');
  });

  it('applies the limits before executing: aliases, tokens, introspection when off', async () => {
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: hello`).join(' ')} }`;
    expect((await run(client, aliases)).errors).toMatchObject([
      { message: expect.stringMatching(/aliases/i), extensions: { code: 'BAD_USER_INPUT' } },
    ]);
    const tokens = `{ ${'hello '.repeat(2_001)}}`;
    expect((await run(client, tokens)).errors).toMatchObject([
      { message: expect.stringMatching(/tokens/i), extensions: { code: 'BAD_USER_INPUT' } },
    ]);
    const [introspection] = (await run(client, '{ __schema { queryType { name } } }')).errors as { message: string }[];
    expect(introspection).toMatchObject({ message: expect.stringMatching(/introspection/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(closes).toEqual([]);
  });

  it('never sends an unexpected error message, and logs it', async () => {
    const { errors } = await run(client, '{ broken }');
    expect(errors).toMatchObject([{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(JSON.stringify(errors)).not.toContain('secret-value');
    expect(logLines.join('')).toContain('secret-value');
  });
});
