import { describe, expect, it } from 'vitest';
import { accessLevels, describeAccess, expiryFrom, roleLabel } from './access-levels';

describe('API key access levels', () => {
  it('explains every level in one sentence', () => {
    expect(accessLevels.map((l) => l.value)).toEqual(['NONE', 'PROXY', 'TOKEN']);
    for (const level of accessLevels) expect(level.help.split('. ').length).toBe(1);
  });

  it('describes a key by level and connections', () => {
    expect(describeAccess({ connectionAccess: 'NONE', connectionCodes: null })).toBe('None');
    expect(describeAccess({ connectionAccess: 'PROXY', connectionCodes: ['CRM'] })).toBe('Proxy: CRM');
    expect(describeAccess({ connectionAccess: 'TOKEN', connectionCodes: null })).toBe('Token: all connections');
  });

  it('names roles as people read them', () => {
    expect(['VIEWER', 'OPERATOR', 'ADMIN'].map((r) => roleLabel(r as 'VIEWER'))).toEqual(['Viewer', 'Operator', 'Admin']);
  });

  it('turns a lifetime in days into an expiry, or none', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(expiryFrom(30, now)).toBe('2026-12-31T10:00:00.000Z');
    expect(expiryFrom(null, now)).toBeNull();
  });
});
