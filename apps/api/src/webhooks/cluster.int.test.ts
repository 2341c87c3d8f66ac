/**
 * Two API instances on one PostgreSQL database and one Redis deliver each of 100 events exactly
 * once to one receiver: the lease (`FOR UPDATE SKIP LOCKED`) gives every delivery to one
 * dispatcher. Counted after both instances stopped, so no attempt is still in flight.
 */
import { describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { startTestServer, startWebhookReceiver } from '../testing/index.js';
import { createPlainConnection, createWebhook, deliveriesOf } from './test-support.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = 100;

describe('two instances on one PostgreSQL + Redis', () => {
  it(`deliver ${EVENTS} events exactly once (0 duplicates, 0 lost)`, async () => {
    const receiver = await startWebhookReceiver();
    const webhooks = { pollIntervalMs: 200 };
    const a = await startTestServer({ database: 'postgres', redisUrl: REDIS_URL, webhooks });
    const b = await startTestServer({ sharedDatabase: a.database, redisUrl: REDIS_URL, webhooks });
    let stopped = false;
    try {
      const clientA = new RecordingClient(a.url);
      const clientB = new RecordingClient(b.url);
      const cookie = await clientA.login(a.adminEmail, a.adminPassword);
      const apiKey = await clientA.createApiKey(cookie, 'admin', 'ADMIN');
      const { id } = await createWebhook(clientA, apiKey, { url: receiver.url });
      // Half of the events are written on each instance, concurrently.
      await Promise.all(Array.from({ length: EVENTS }, (_, i) => createPlainConnection(i % 2 === 0 ? clientA : clientB, apiKey, `C${i}`)));
      await receiver.waitFor((r) => new Set(r.map((x) => x.id)).size >= EVENTS, 60_000);
      const deliveries = await deliveriesOf(clientA, apiKey, id);
      await b.close();
      await a.close();
      stopped = true;

      const ids = receiver.received.map((r) => r.id);
      expect(new Set(ids).size).toBe(EVENTS);
      expect(ids).toHaveLength(EVENTS);
      expect(deliveries).toHaveLength(EVENTS);
      expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set(ids));
      const codes = receiver.received.map((r) => (JSON.parse(r.body) as { data: { connectionCode: string } }).data.connectionCode);
      expect(new Set(codes).size).toBe(EVENTS);
    } finally {
      if (!stopped) {
        await b.close();
        await a.close();
      }
      await receiver.close();
    }
  }, 120_000);
});
