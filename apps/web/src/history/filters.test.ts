import { describe, expect, it } from 'vitest';
import { emptyFilterForm, formatUtc, toAuditFilter, utcInputToIso } from './filters';

describe('the history filter', () => {
  it('reads datetime-local values as UTC', () => {
    expect(utcInputToIso('2026-11-30T10:00')).toBe('2026-11-30T10:00:00.000Z');
    expect(utcInputToIso('')).toBeNull();
    expect(utcInputToIso('yesterday')).toBeNull();
  });

  it('sends only what is set', () => {
    expect(toAuditFilter('CRM', emptyFilterForm())).toEqual({ connectionCode: 'CRM' });
    expect(
      toAuditFilter('CRM', {
        type: 'TOKEN_REFRESH_FAILED',
        outcome: 'FAILURE',
        who: 'REFRESHER',
        actor: ' ada ',
        since: '2026-11-30T10:00',
        until: '2026-11-30T11:00',
      }),
    ).toEqual({
      connectionCode: 'CRM',
      types: ['TOKEN_REFRESH_FAILED'],
      outcome: 'FAILURE',
      byRefresher: true,
      actor: 'ada',
      since: '2026-11-30T10:00:00.000Z',
      until: '2026-11-30T11:00:00.000Z',
    });
    expect(toAuditFilter('CRM', { ...emptyFilterForm(), who: 'PEOPLE' }).byRefresher).toBe(false);
  });

  it('formats times in UTC whatever the browser zone', () => {
    expect(formatUtc('2026-11-30T23:59:58.000Z')).toBe('2026-11-30 23:59:58');
  });
});
