import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../testing/databases.js';
import { AuditEvent, LoginFailure, PendingFlow, Session, WebhookDelivery, type WebhookDeliveryState } from './entities/index.js';
import { purgeExpiredRows } from './housekeeping.js';
import { createOrm, migrate, type Orm } from './orm.js';

describe.each(testDatabases())('housekeeping on %s', (kind) => {
  let db: TestDatabase;
  let orm: Orm;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    orm = await createOrm(db.database);
    await migrate(orm);
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('removes expired sessions, expired sign-in counts and long-expired pending flows, and nothing else', async () => {
    const now = new Date('2026-11-28T12:00:00Z');
    const em = orm.em.fork();
    const session = (expiresAt: Date) => em.create(Session, { tokenHash: randomUUID().replace(/-/g, ''), userId: randomUUID(), expiresAt });
    const flow = (expiresAt: Date) =>
      em.create(PendingFlow, {
        stateHash: randomUUID(),
        workspaceId: randomUUID(),
        connectionId: randomUUID(),
        codeVerifierEnvelope: 'gk1.x',
        redirectUri: 'http://localhost/oauth/callback',
        createdAt: new Date(expiresAt.getTime() - 600_000),
        expiresAt,
      });
    const liveSession = session(new Date(now.getTime() + 60_000));
    session(new Date(now.getTime() - 1));
    const recentFlow = flow(new Date(now.getTime() - 3_600_000));
    flow(new Date(now.getTime() - 25 * 3_600_000));
    const failures = (bucket: string, expiresAt: Date) =>
      em.create(LoginFailure, { bucket, failures: 3, windowStartedAt: new Date(expiresAt.getTime() - 900_000), expiresAt });
    const liveFailures = failures('a'.repeat(64), new Date(now.getTime() + 1));
    failures('b'.repeat(64), now);
    await em.flush();

    expect(await purgeExpiredRows(orm, now)).toEqual({
      sessions: 1,
      pendingFlows: 1,
      loginFailures: 1,
      webhookDeliveries: 0,
      auditEvents: 0,
    });
    const check = orm.em.fork();
    expect((await check.find(Session, {})).map((s) => s.id)).toEqual([liveSession.id]);
    expect((await check.find(PendingFlow, {})).map((f) => f.stateHash)).toEqual([recentFlow.stateHash]);
    expect((await check.find(LoginFailure, {})).map((f) => f.bucket)).toEqual([liveFailures.bucket]);
  });

  it('removes finished webhook deliveries past their retention (never a pending one) and audit events only when asked', async () => {
    const now = new Date('2026-12-01T12:00:00Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3_600_000);
    const em = orm.em.fork();
    const workspaceId = randomUUID();
    const delivery = (state: WebhookDeliveryState, updatedAt: Date) =>
      em.create(WebhookDelivery, {
        workspaceId,
        webhookId: randomUUID(),
        eventType: 'TOKEN_REFRESHED',
        connectionKey: randomUUID(),
        orderKey: `${updatedAt.getTime()}`,
        payload: '{}',
        state,
        maxAttempts: 6,
        createdAt: updatedAt,
        updatedAt,
      });
    const kept = [delivery('SUCCEEDED', daysAgo(6)), delivery('FAILED', daysAgo(6)), delivery('PENDING', daysAgo(60))];
    delivery('SUCCEEDED', daysAgo(8));
    delivery('FAILED', daysAgo(30));
    const event = (at: Date) =>
      em.create(AuditEvent, { workspaceId, connectionCode: 'CRM', type: 'CONNECTION_UPDATED', message: 'Connection updated.', at });
    const recent = event(daysAgo(89));
    const old = event(daysAgo(91));
    const folded = event(daysAgo(120)); // a repeated event folded into one row, last seen recently
    folded.count = 5;
    folded.lastAt = daysAgo(2);
    await em.flush();
    const ids = async () => (await orm.em.fork().find(WebhookDelivery, { workspaceId })).map((d) => d.id).sort();

    expect((await purgeExpiredRows(orm, now, { webhookDeliveryDays: 7, auditEventDays: null })).webhookDeliveries).toBe(2);
    expect(await ids()).toEqual(kept.map((d) => d.id).sort());
    expect(await orm.em.fork().count(AuditEvent, { workspaceId })).toBe(3);

    const purged = await purgeExpiredRows(orm, now, { webhookDeliveryDays: 7, auditEventDays: 90 });
    expect(purged).toMatchObject({ webhookDeliveries: 0, auditEvents: 1 });
    const events = await orm.em.fork().find(AuditEvent, { workspaceId }, { orderBy: { at: 'asc' } });
    expect(events.map((e) => e.id)).toEqual([folded.id, recent.id]);
    expect(events.map((e) => e.id)).not.toContain(old.id);
  });
});
