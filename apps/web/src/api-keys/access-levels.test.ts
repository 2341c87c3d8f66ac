import { describe, expect, it } from 'vitest';
import { accessLevels, describeAccess } from './access-levels';

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
});
