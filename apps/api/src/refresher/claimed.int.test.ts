/**
 * The refresher's batched path on both dialects against a local rotating token endpoint: rows are
 * leased by the due query itself, refreshed, and written in group commits; each refresh still
 * gets its audit event and its webhook delivery (with the authorization as written), its lease
 * released in the write; a manual refresh of a row the refresher holds waits for the
 * refresher's result instead of presenting the same refresh token again.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditEvent, Authorization, WebhookDelivery } from '../persistence/entities/index.js';
import { systemActor, type RequestScope } from '../services/index.js';
import { startTestServer, testDatabases, type TestServer } from '../testing/index.js';
import { seedBacklog } from '../testing/seed-backlog.js';
import { startTokenEndpoint, type TokenEndpoint } from '../testing/token-endpoint.js';
import { countDue } from './due-source.js';

describe.each(testDatabases())('the refresher batched path (%s)', (kind) => {
  let endpoint: TokenEndpoint;
  let server: TestServer;
  let scope: () => RequestScope;

  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
    server = await startTestServer({ database: kind, env: { REFRESHER_INTERVAL_MS: '3600000', LOG_LEVEL: 'warn' } });
    const workspace = await server.app.auth.workspaces.ensureDefault();
    scope = () => ({ em: server.app.orm.em.fork(), workspaceId: workspace.id, actor: systemActor });
  });

  afterAll(async () => {
    await server?.close();
    await endpoint?.close();
  });

  const seed = async (path: string, count: number, codePrefix: string) =>
    seedBacklog(server.app.orm, server.app.vault, {
      workspaceId: scope().workspaceId,
      total: count,
      due: count,
      tokenEndpoint: () => `${endpoint.url}${path}`,
      register: (token, expiresAt) => endpoint.register(token, expiresAt),
      refreshMarginSeconds: server.app.config.refreshMarginSeconds,
      codePrefix,
    });

  const pass = async () => {
    await server.app.domain.refresher.settled();
    await server.app.domain.refresher.tick();
  };

  it('writes every refresh with its audit event and its webhook delivery, and leaves no lease', async () => {
    const { webhook } = await server.app.domain.services.webhooks!.create(scope(), {
      url: 'https://hooks.example.test/grantkeeper',
      events: ['TOKEN_REFRESHED'],
    });
    const ids = await seed('/batch/token', 60, 'W');
    await pass();
    expect(endpoint.counts('/batch/token').refreshed).toBe(60);
    expect(endpoint.reused).toBe(0);
    expect(await countDue(server.app.orm, new Date())).toBe(0);

    const em = server.app.orm.em.fork();
    const rows = await em.find(Authorization, { connectionId: { $in: ids } });
    expect(rows.every((row) => row.version === 2 && row.leaseOwner === null && row.leaseExpiresAt === null)).toBe(true);
    expect(rows.every((row) => row.lastRefreshedAt !== null && row.nextRefreshAt!.getTime() > Date.now() + 50 * 60_000)).toBe(true);
    // The stored token set is whole: it decrypts to the rotated refresh token the endpoint holds.
    const state = await server.app.ports.state.read(ids[0]!);
    expect(endpoint.isCurrent(state.tokens!.refreshToken!)).toBe(true);

    const events = await em.find(AuditEvent, { connectionId: { $in: ids } });
    expect(events).toHaveLength(60);
    expect(events.every((e) => e.type === 'TOKEN_REFRESHED' && e.actor === null && e.outcome === 'SUCCESS')).toBe(true);
    expect(events[0]!.message).toMatch(/^Token refreshed automatically\. The new access token expires at /);
    // Appended at the end of their primary key's index: time-ordered ids (UUIDv7).
    const timeOrdered = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/;
    expect(events.every((e) => timeOrdered.test(e.id))).toBe(true);

    const deliveries = await em.find(WebhookDelivery, { webhookId: webhook.id });
    expect(deliveries).toHaveLength(60);
    expect(deliveries.every((d) => timeOrdered.test(d.id))).toBe(true);
    const stored = new Map(rows.map((row) => [row.connectionId, row]));
    for (const delivery of deliveries) {
      const body = JSON.parse(delivery.payload) as { type: string; data: { authorization: Record<string, unknown> } };
      expect(body.type).toBe('TOKEN_REFRESHED');
      const row = stored.get(delivery.connectionKey)!;
      expect(body.data.authorization).toMatchObject({
        status: 'AUTHORIZED',
        lastRefreshedAt: row.lastRefreshedAt!.toISOString(),
        tokenExpiresAt: row.tokenExpiresAt!.toISOString(),
      });
      expect(delivery.payload).not.toMatch(/rt-|at-\d/);
    }
  });

  it('decrypts only the refresh token of a row it refreshes (the access token is replaced)', async () => {
    const decrypt = vi.spyOn(server.app.vault, 'decrypt');
    try {
      const ids = await seed('/fields/token', 3, 'F');
      decrypt.mockClear();
      await pass();
      expect(endpoint.counts('/fields/token').refreshed).toBe(3);
      const fields = decrypt.mock.calls.filter(([, aad]) => ids.includes(aad.connectionId as string)).map(([, aad]) => aad.field);
      expect(fields).toEqual(['refresh_token', 'refresh_token', 'refresh_token']);
    } finally {
      decrypt.mockRestore();
    }
  });

  it('a manual refresh of a row the refresher holds waits for its result: one refresh grant, no token reused', async () => {
    let open!: () => void;
    endpoint.behave('/held/token', { gate: new Promise<void>((resolve) => (open = resolve)) });
    const [id] = await seed('/held/token', 1, 'H');
    const lease = server.app.ports.lease;
    const acquire = lease.acquire.bind(lease);
    const refused = new Promise<boolean>((resolve) => {
      lease.acquire = async (resource, owner, ttlMs) => {
        const won = await acquire(resource, owner, ttlMs);
        if (resource === id) resolve(won);
        return won;
      };
    });
    try {
      const scheduled = pass();
      await endpoint.received('/held/token', 1); // the refresher's grant is at the provider, under its lease
      const manual = server.app.domain.services.authorizations.refresh(scope(), 'H0');
      expect(await refused).toBe(false);
      open();
      await scheduled;
      const view = await manual;
      expect(endpoint.counts('/held/token')).toMatchObject({ received: 1, refreshed: 1 });
      expect(endpoint.reused).toBe(0);
      expect(view.lastRefreshedAt).not.toBeNull();
      const row = await server.app.orm.em.fork().findOneOrFail(Authorization, { connectionId: id! });
      expect(row).toMatchObject({ version: 2, leaseOwner: null });
    } finally {
      lease.acquire = acquire;
    }
  });
});
