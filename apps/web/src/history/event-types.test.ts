import { describe, expect, it } from 'vitest';
import { actorOf, auditEventLabels, connectionAuditEventLabels, newestFirst } from './event-types';

describe('history helpers', () => {
  it('orders events newest first', () => {
    const events = [{ at: '2026-11-28T10:00:00Z' }, { at: '2026-11-28T12:00:00Z' }, { at: '2026-11-28T11:00:00Z' }];
    expect(newestFirst(events).map((e) => e.at)).toEqual(['2026-11-28T12:00:00Z', '2026-11-28T11:00:00Z', '2026-11-28T10:00:00Z']);
  });

  it('names the actor, and the automatic refresher only for refresh events', () => {
    expect(actorOf({ actor: 'Alice', type: 'AUTHORIZED' })).toBe('Alice');
    expect(actorOf({ actor: null, type: 'TOKEN_REFRESHED' })).toBe('Automatic refresher');
    expect(actorOf({ actor: null, type: 'AUTHORIZATION_FAILED' })).toBe('—');
  });

  it("offers a connection's event types to filter its history by, not the user or API key administration events", () => {
    expect(Object.keys(connectionAuditEventLabels)).toContain('TOKEN_ISSUED');
    expect(Object.keys(connectionAuditEventLabels).filter((type) => /^(USER|API_KEY)_/.test(type))).toEqual([]);
    expect(auditEventLabels.USER_CREATED).toBe('User created');
    expect(auditEventLabels.API_KEY_DELETED).toBe('API key deleted');
  });
});
