/** GraphQL helpers shared by the webhook integration tests. */
import { expect } from 'vitest';
import type { RecordingClient } from '../graphql/test-support.js';

export interface DeliveryRow {
  id: string;
  eventType: string;
  state: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

export async function createWebhook(
  client: RecordingClient,
  apiKey: string,
  input: { url: string; events?: string[]; description?: string },
): Promise<{ id: string; secret: string }> {
  const res = await client.gql<{ createWebhook: { webhook: { id: string }; secret: string } }>(
    `mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id url events enabled } secret } }`,
    { i: input },
    { apiKey },
  );
  expect(res.body.errors).toBeUndefined();
  return { id: res.body.data!.createWebhook.webhook.id, secret: res.body.data!.createWebhook.secret };
}

export async function deliveriesOf(client: RecordingClient, apiKey: string, webhookId: string): Promise<DeliveryRow[]> {
  const res = await client.gql<{ webhookDeliveries: DeliveryRow[] }>(
    `query($w: ID!) { webhookDeliveries(webhookId: $w, first: 200) { id eventType state attempts lastStatusCode lastError } }`,
    { w: webhookId },
    { apiKey },
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.webhookDeliveries;
}

/** A connection of type NONE (no IdP needed): raises CONNECTION_CREATED. */
export async function createPlainConnection(client: RecordingClient, apiKey: string, code: string): Promise<void> {
  const res = await client.gql(
    `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }`,
    { i: { code, name: code, authenticationType: 'NONE', baseUrl: 'https://api.example.test' } },
    { apiKey },
  );
  expect(res.body.errors).toBeUndefined();
}

export async function gqlOk<T>(
  client: RecordingClient,
  apiKey: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const res = await client.gql<T>(query, variables, { apiKey });
  expect(res.body.errors).toBeUndefined();
  return res.body.data!;
}
