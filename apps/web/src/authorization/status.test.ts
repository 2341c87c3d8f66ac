import { describe, expect, it } from 'vitest';
import { expiryDisplay, formatExact, formatRelative, statusDisplay } from './status';

describe('statusDisplay', () => {
  it('labels each status as the seed does, plus reauthorization required', () => {
    expect(statusDisplay('AUTHORIZED')).toMatchObject({ label: 'Authorized', severity: 'success' });
    expect(statusDisplay('NOT_AUTHORIZED')).toMatchObject({ label: 'Not Authorized', severity: 'secondary' });
    expect(statusDisplay('REAUTHORIZATION_REQUIRED')).toMatchObject({ label: 'Reauthorization required', severity: 'danger' });
  });

  it('treats a missing authorization as Not Authorized', () => {
    expect(statusDisplay(null).label).toBe('Not Authorized');
    expect(statusDisplay(undefined).label).toBe('Not Authorized');
  });

  it('tells what to do when reauthorization is required', () => {
    expect(statusDisplay('REAUTHORIZATION_REQUIRED').description).toContain('Start Authorization');
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-11-28T10:00:00.000Z');

  it.each([
    ['2026-11-28T10:59:00.000Z', 'in 59 minutes'],
    ['2026-11-28T11:00:00.000Z', 'in 1 hour'],
    ['2026-11-28T09:57:00.000Z', '3 minutes ago'],
    ['2026-11-28T10:00:30.000Z', 'in 30 seconds'],
    ['2026-11-30T10:00:00.000Z', 'in 2 days'],
    ['2026-11-28T10:00:02.000Z', 'now'],
  ])('%s is %s', (iso, expected) => {
    expect(formatRelative(iso, now)).toBe(expected);
  });

  it('shows a dash for an invalid date', () => {
    expect(formatRelative('not a date', now)).toBe('—');
  });
});

describe('expiryDisplay', () => {
  const now = new Date('2026-11-28T10:00:00.000Z');

  it('gives the relative expiry and the exact time for the hover title', () => {
    const display = expiryDisplay('2026-11-28T11:00:00.000Z', now, 'en-US', 'UTC');
    expect(display.text).toBe('in 1 hour');
    expect(display.expired).toBe(false);
    expect(display.exact).toBe(formatExact('2026-11-28T11:00:00.000Z', 'en-US', 'UTC'));
    expect(display.exact).toContain('11:00:00');
    expect(display.exact).toContain('2026');
  });

  it('says "expired" for a past expiry', () => {
    const display = expiryDisplay('2026-11-28T09:55:00.000Z', now, 'en-US', 'UTC');
    expect(display).toMatchObject({ text: 'expired 5 minutes ago', expired: true });
  });

  it('shows a dash and no title when there is no token', () => {
    expect(expiryDisplay(null, now)).toEqual({ text: '—', exact: '', expired: false });
  });
});
