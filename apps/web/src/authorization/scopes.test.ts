import { describe, expect, it } from 'vitest';
import { compareScopes } from './scopes';

describe('compareScopes', () => {
  it('marks each requested scope granted or not and warns when the provider granted fewer', () => {
    const result = compareScopes(['openid', 'offline_access', 'api.read'], ['openid', 'api.read', 'profile'], true);
    expect(result.lines).toEqual([
      { scope: 'openid', granted: true },
      { scope: 'offline_access', granted: false },
      { scope: 'api.read', granted: true },
    ]);
    expect(result.missing).toEqual(['offline_access']);
    expect(result.extra).toEqual(['profile']);
    expect(result.warning).toContain('offline_access was not granted');
    expect(result.warning).toContain('no refresh token will come');
  });

  it('says nothing when all was granted, or before any authorization', () => {
    expect(compareScopes(['openid', 'api.read'], ['api.read', 'openid'], true).warning).toBe('');
    const before = compareScopes(['openid'], [], false);
    expect(before.warning).toBe('');
    expect(before.lines).toEqual([{ scope: 'openid', granted: false }]);
  });

  it('names several missing scopes without the refresh-token sentence when offline_access came', () => {
    const result = compareScopes(['offline_access', 'a', 'b'], ['offline_access'], true);
    expect(result.warning).toBe('The provider granted fewer scopes than requested: a, b were not granted.');
  });
});
