// @vitest-environment node
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toApiProblem } from '../errors/api-error';
import { MeDocument } from '../gql/graphql';
import { createGraphQLRequest } from './graphql-request';

let server: Server;
let url: string;
let seen: { headers: IncomingHttpHeaders; body: { query: string } } | null = null;
let answer: unknown = { data: { me: null } };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen = { headers: req.headers, body: JSON.parse(body) as { query: string } };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the session GraphQL request (no Apollo on the sign-in page)', () => {
  it('posts the document with the workspace header and returns its data', async () => {
    const events: string[] = [];
    const request = createGraphQLRequest({
      url,
      workspace: () => 'acme',
      connectivity: { lost: () => events.push('lost'), found: () => events.push('found') },
    });
    answer = { data: { me: null } };
    await expect(request(MeDocument)).resolves.toEqual({ me: null });
    expect(seen?.headers['x-workspace']).toBe('acme');
    expect(seen?.headers['apollo-require-preflight']).toBe('true');
    expect(seen?.body.query).toContain('me {');
    expect(events).toEqual(['found']);
  });

  it('rejects with the GraphQL errors, which keep their code, reason and retry time', async () => {
    const request = createGraphQLRequest({ url, workspace: () => 'default' });
    answer = {
      errors: [{ message: 'Too many', extensions: { code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 9 } }],
    };
    const problem = toApiProblem(await request(MeDocument).catch((e: unknown) => e));
    expect(problem).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 9 });
  });

  it('reports a server that cannot be reached as a network error and as lost', async () => {
    const events: string[] = [];
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const request = createGraphQLRequest({
      url: `http://127.0.0.1:${port}/graphql`,
      workspace: () => 'default',
      connectivity: { lost: () => events.push('lost'), found: () => events.push('found') },
    });
    expect(toApiProblem(await request(MeDocument).catch((e: unknown) => e)).code).toBe('NETWORK_ERROR');
    expect(events).toEqual(['lost']);
  });
});
