import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/index.js';
import { RecordingClient } from './test-support.js';

const DISCOVER = 'query($i: String!) { discoverOAuth2(issuer: $i) { tokenEndpoint } }';

/** discoverOAuth2 makes the server fetch an operator's URL: its errors must not scan ports. */
describe('discoverOAuth2 on addresses with nothing usable', () => {
  let server: TestServer;
  let client: RecordingClient;
  let cookie: string;

  beforeAll(async () => {
    server = await startTestServer({ database: 'sqlite' });
    client = new RecordingClient(server.url);
    cookie = await client.login(server.adminEmail, server.adminPassword);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers a closed port, a non-HTTP service and an HTTP server without metadata alike', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const redisLike = createServer((socket) => socket.end('-ERR wrong protocol\r\n'));
    await new Promise<void>((resolve) => redisLike.listen(0, '127.0.0.1', resolve));
    try {
      const issuers = [
        `http://127.0.0.1:${closedPort}`,
        `http://127.0.0.1:${(redisLike.address() as AddressInfo).port}`,
        server.url, // an HTTP server (this one) whose well-known paths hold no metadata
      ];
      const errors = [];
      for (const issuer of issuers) {
        const res = await client.gql(DISCOVER, { i: issuer }, { cookie });
        expect(res.body.data ?? null).toBeNull();
        errors.push(res.body.errors?.map(({ message, extensions }) => ({ message, extensions })));
      }
      expect(errors[0]).toEqual([
        {
          message: expect.stringMatching(/^No usable authorization server metadata/) as string,
          extensions: { code: 'BAD_USER_INPUT', reason: 'DISCOVERY_FAILED' },
        },
      ]);
      expect(errors[1]).toEqual(errors[0]);
      expect(errors[2]).toEqual(errors[0]);
    } finally {
      redisLike.close();
    }
  });
});
