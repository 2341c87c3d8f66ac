import type { TokenEndpointAuthMethod as EngineMethod } from '@grantkeeper/oauth-core';
import { providerTemplates } from '@grantkeeper/oauth-core';
import { tokenEndpointAuthMethods, type TokenEndpointAuthMethod } from '@grantkeeper/schema';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AuthenticationType, Role, TokenEndpointAuthMethod as GraphQLMethod } from '../graphql/types/enums.js';

describe('one vocabulary (from @grantkeeper/schema)', () => {
  it('oauth-core (which depends on nothing of ours) spells token endpoint auth methods the same', () => {
    expectTypeOf<EngineMethod>().toEqualTypeOf<TokenEndpointAuthMethod>();
    expect(providerTemplates.length).toBeGreaterThan(0);
    for (const template of providerTemplates) {
      expect(tokenEndpointAuthMethods, template.id).toContain(template.tokenEndpointAuthMethod);
    }
  });

  it('gives the GraphQL enums their names and values', () => {
    expect(GraphQLMethod).toEqual({ CLIENT_SECRET_BASIC: 'client_secret_basic', CLIENT_SECRET_POST: 'client_secret_post', NONE: 'none' });
    expect(Object.keys(Role)).toEqual(['ADMIN', 'OPERATOR', 'VIEWER']);
    expect(Object.values(AuthenticationType)).toContain('OAUTH2_AUTHORIZATION_CODE');
  });
});
