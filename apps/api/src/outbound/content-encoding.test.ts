/**
 * Stacked content-codings (RFC 9110 8.4) through the server's fetch for oauth-core, against a
 * real local HTTP server: a list (in one header or repeated headers) is decoded last coding
 * first, every step within the provider limit (a bomb behind a harmless outer coding is still
 * stopped there), and unknown codings or lists longer than three are refused as before.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-8.4
 */
import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { MAX_PROVIDER_RESPONSE_BYTES, ProviderError } from '@grantkeeper/oauth-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundAgent } from './address-policy.js';
import { createOutboundFetch } from './outbound-fetch.js';

const JSON_BODY = Buffer.from('{"access_token":"at","token_type":"Bearer"}');
/** Zeros four times the limit, gzipped twice: a few hundred bytes on the wire, harmless after one gunzip. */
const BOMB = gzipSync(gzipSync(Buffer.alloc(4 * MAX_PROVIDER_RESPONSE_BYTES)));

/** Path -> the headers and the encoded body the server answers with. */
const answers: Record<string, { headers: OutgoingHttpHeaders | [string, string][]; body: Buffer }> = {
  '/gzip-br': { headers: { 'content-encoding': 'gzip, br' }, body: brotliCompressSync(gzipSync(JSON_BODY)) },
  '/repeated': {
    headers: [
      ['content-encoding', 'deflate'],
      ['content-encoding', 'x-gzip'],
    ],
    body: gzipSync(deflateSync(JSON_BODY)),
  },
  '/three': {
    headers: { 'content-encoding': 'DEFLATE ,identity, br' },
    body: brotliCompressSync(deflateSync(JSON_BODY)),
  },
  '/four': { headers: { 'content-encoding': 'gzip, gzip, gzip, gzip' }, body: gzipSync(gzipSync(gzipSync(gzipSync(JSON_BODY)))) },
  '/unknown': { headers: { 'content-encoding': 'gzip, zstd' }, body: gzipSync(JSON_BODY) },
  '/bomb': { headers: { 'content-encoding': 'gzip, gzip' }, body: BOMB },
};

let server: Server;
let base: string;
const agent = createOutboundAgent({ allowPrivate: true });
const fetch = createOutboundFetch(agent);
const get = (path: string) => fetch(`${base}${path}`, { method: 'GET', redirect: 'manual' });

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = answers[req.url ?? ''];
    if (answer === undefined) return void res.writeHead(404).end();
    res.writeHead(200, answer.headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('stacked content-codings', () => {
  it('decodes a list in reverse order: in one header, in repeated headers, up to three with identity among them', async () => {
    for (const path of ['/gzip-br', '/repeated', '/three']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-encoding'), path).toBeNull();
      expect(await response.json(), path).toEqual({ access_token: 'at', token_type: 'Bearer' });
    }
  });

  it('refuses a list longer than three and an unknown coding with the same clear error', async () => {
    for (const [path, header] of [
      ['/four', 'gzip, gzip, gzip, gzip'],
      ['/unknown', 'gzip, zstd'],
    ] as const) {
      const error = await get(path).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(TypeError);
      expect((error as Error).message, path).toBe(`fetch failed: unsupported content-encoding "${header}"`);
    }
  });

  it('stops a decompression bomb under a harmless outer coding at the provider limit', async () => {
    expect(BOMB.byteLength).toBeLessThan(MAX_PROVIDER_RESPONSE_BYTES);
    const error = await get('/bomb').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toContain(`larger than ${MAX_PROVIDER_RESPONSE_BYTES} bytes`);
  });
});
