/**
 * The outbox survives a restart: a delivery whose receiver is down while one API instance runs
 * is sent by the next instance on the same database once the receiver is back.
 */
import { freePort } from '@grantkeeper/test-idp';
import { describe, expect, it } from 'vitest';
import { RecordingClient } from '../graphql/test-support.js';
import { createTestDatabase, startTestServer, startWebhookReceiver } from '../testing/index.js';
import { createPlainConnection, createWebhook, deliveriesOf } from './test-support.js';

const webhooks = { schedule: { delaysMs: [300, 300, 300, 300, 300], jitter: 0 }, pollIntervalMs: 200 };

describe('a receiver down across an API restart', () => {
  it('still gets the delivery, from the next instance', async () => {
    const database = await createTestDatabase('sqlite');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/hooks`;
    try {
      const first = await startTestServer({ sharedDatabase: database, webhooks });
      const client = new RecordingClient(first.url);
      const cookie = await client.login(first.adminEmail, first.adminPassword);
      const apiKey = await client.createApiKey(cookie, 'admin', 'ADMIN');
      const { id } = await createWebhook(client, apiKey, { url });
      await createPlainConnection(client, apiKey, 'RESTART');
      await expect.poll(async () => (await deliveriesOf(client, apiKey, id))[0]?.attempts, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      const [pending] = await deliveriesOf(client, apiKey, id);
      expect(pending).toMatchObject({ state: 'PENDING', lastStatusCode: null, lastError: 'Connection refused.' });
      await first.close();

      const receiver = await startWebhookReceiver(port);
      const second = await startTestServer({ sharedDatabase: database, webhooks });
      try {
        const [got] = await receiver.waitFor((r) => r.length >= 1);
        expect(got!.id).toBe(pending!.id);
        const secondClient = new RecordingClient(second.url);
        await expect.poll(async () => (await deliveriesOf(secondClient, apiKey, id))[0]?.state).toBe('SUCCEEDED');
      } finally {
        await second.close();
        await receiver.close();
      }
    } finally {
      await database.drop();
    }
  });
});
