import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookSender, DELIVERY_TIMEOUT_MS, type SendResult } from './sender.js';
import { webhookSigningKey } from './signature.js';

const key = webhookSigningKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
let server: Server | null = null;
const agent = new Agent();

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

async function receiver(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
}

const attempt = (url: string) => ({ url, key, id: 'msg_1', payload: '{"a":1}', timestampSeconds: 1_700_000_000 });

/** One attempt through a sender made with `timeoutMs`, its result as a promise. */
const send = (url: string, timeoutMs?: number) =>
  new Promise<SendResult>((resolve) => createWebhookSender(agent, timeoutMs)(attempt(url), resolve));

describe('createWebhookSender', () => {
  it('gives up on a receiver that never answers, as a timeout', async () => {
    const url = await receiver(() => undefined);
    const result = await send(url, 150);
    expect(result).toEqual({ ok: false, statusCode: null, error: `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s.` });
  });

  it('keeps the status of a receiver whose body never ends', async () => {
    const url = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('still going');
    });
    expect(await send(url, 150)).toEqual({ ok: true, statusCode: 200 });
  });

  it('keeps the status of a receiver whose body is endless, after 64 KiB of it', async () => {
    const url = await receiver((_req, res) => {
      res.writeHead(202, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(16 * 1024);
      const more = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    });
    // A time limit past the test's own: the size limit alone ends the exchange.
    expect(await send(url, 3_600_000)).toEqual({ ok: true, statusCode: 202 });
  });

  it('takes an answer without a body (204, or content-length 0) as it comes', async () => {
    let answer = 204;
    const url = await receiver((_req, res) => res.writeHead(answer, answer === 204 ? {} : { 'content-length': '0' }).end());
    expect(await send(url)).toEqual({ ok: true, statusCode: 204 });
    answer = 410;
    expect(await send(url)).toEqual({ ok: false, statusCode: 410, error: 'The receiver answered 410.' });
  });

  it('reports the status of a refusal', async () => {
    const url = await receiver((_req, res) => res.writeHead(500).end('no'));
    expect(await send(url)).toEqual({ ok: false, statusCode: 500, error: 'The receiver answered 500.' });
  });
});
