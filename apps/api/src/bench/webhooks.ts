/**
 * `pnpm bench` (second part): the webhook dispatcher's deliveries per second to a local
 * receiver, beside a raw POST loop (undici, the same concurrency) to the same receiver. The
 * deliveries (over 200 connections, so the per-connection order applies) are staged in the
 * outbox first, then the dispatcher is started and timed until the receiver has all of them.
 * A figure, not a test; target: at least 0.5x the raw loop.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { WebhookDelivery } from '../persistence/entities/index.js';
import { systemActor } from '../services/index.js';
import { nextOrderKey } from '../webhooks/outbox.js';

const DELIVERIES = Number(process.env.BENCH_WEBHOOKS ?? 2000);
const CONCURRENCY = 16;
const BODY = JSON.stringify({
  type: 'TOKEN_REFRESHED',
  timestamp: new Date().toISOString(),
  workspace: 'default',
  data: { connectionCode: 'CRM', actor: null, message: 'Token refreshed automatically.', authorization: null },
});

let received = 0;
let onReceived: () => void = () => undefined;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received += 1;
    res.statusCode = 204;
    res.end();
    onReceived();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
const allReceived = (count: number) =>
  new Promise<void>((resolve) => {
    onReceived = () => received >= count && resolve();
    onReceived();
  });

async function rawLoop(): Promise<number> {
  const agent = new Agent();
  received = 0;
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < DELIVERIES) {
      next += 1;
      const res = await request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json' }, body: BODY });
      await res.body.dump();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return DELIVERIES / seconds;
}

async function dispatcherRun(): Promise<number> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gk-bench-hooks-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
  });
  const app = await createApp(config);
  try {
    const workspace = await app.auth.workspaces.ensureDefault();
    const scope = { em: app.orm.em.fork(), workspaceId: workspace.id, actor: systemActor };
    const { webhook } = await app.domain.webhooks.service.create(scope, { url });
    const em = app.orm.em.fork();
    const now = new Date();
    for (let i = 0; i < DELIVERIES; i += 1) {
      em.persist(
        em.create(WebhookDelivery, {
          workspaceId: workspace.id,
          webhookId: webhook.id,
          eventType: 'TOKEN_REFRESHED',
          connectionKey: `connection-${i % 200}`,
          orderKey: nextOrderKey(now),
          payload: BODY,
          maxAttempts: 6,
          nextAttemptAt: now,
        }),
      );
    }
    await em.flush();
    received = 0;
    const started = performance.now();
    app.domain.webhooks.dispatcher.start();
    await allReceived(DELIVERIES);
    return DELIVERIES / ((performance.now() - started) / 1000);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
try {
  await rawLoop(); // warm-up
  const raw = await rawLoop();
  const dispatched = await dispatcherRun();
  console.log('');
  console.log(`webhooks: ${DELIVERIES} deliveries over 200 connections, ${CONCURRENCY} in flight, SQLite outbox`);
  console.log(`dispatcher (signed, leased, recorded)  ${fmt(dispatched).padStart(7)} deliveries/s`);
  console.log(`raw POST loop (undici)                 ${fmt(raw).padStart(7)} requests/s`);
  console.log(
    `ratio                                  ${fmt(dispatched / raw, 2).padStart(7)}x ${dispatched / raw >= 0.5 ? '(target >= 0.5x met)' : '(target >= 0.5x NOT met)'}`,
  );
} finally {
  receiver.close();
}
