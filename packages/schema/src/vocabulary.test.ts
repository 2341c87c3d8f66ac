import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  apiKeyAuditEventTypes,
  auditEventTypes,
  authenticationTypes,
  isOAuth2AuthenticationType,
  roleAtLeast,
  roles,
  tokenEndpointAuthMethods,
  userAuditEventTypes,
  webhookEventTypes,
} from './index.js';

const contract = readFileSync(new URL('../contract.graphql', import.meta.url), 'utf8');

/** The values of `enum <name> { ... }` in the contract (`extend`: of its extensions, in order). */
function contractEnum(name: string, extend = false): string[] {
  const pattern = new RegExp(`${extend ? 'extend ' : '(?<!extend )'}enum ${name} \\{([^}]*)\\}`, 'g');
  const body = [...contract.matchAll(pattern)].map((match) => match[1]).join('\n');
  return body
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => /^[A-Z0-9_]+$/.test(line));
}

describe('vocabularies', () => {
  it('are the contract enums, in order', () => {
    expect(contractEnum('AuthenticationType')).toEqual([...authenticationTypes]);
    expect(contractEnum('TokenEndpointAuthMethod')).toEqual(tokenEndpointAuthMethods.map((m) => m.toUpperCase()));
    expect(contractEnum('Role')).toEqual([...roles]);
    expect([...contractEnum('AuditEventType'), ...contractEnum('AuditEventType', true)]).toEqual(auditEventTypes);
    expect(contractEnum('WebhookEventType')).toEqual(webhookEventTypes);
  });

  it('send no webhook for what an admin does to a user account or an API key', () => {
    const administration: string[] = [...userAuditEventTypes, ...apiKeyAuditEventTypes];
    expect(auditEventTypes).toEqual(expect.arrayContaining(administration));
    expect(webhookEventTypes.filter((type) => administration.includes(type))).toEqual([]);
  });

  it('rank roles ADMIN > OPERATOR > VIEWER', () => {
    expect(roleAtLeast('ADMIN', 'OPERATOR')).toBe(true);
    expect(roleAtLeast('OPERATOR', 'OPERATOR')).toBe(true);
    expect(roleAtLeast('VIEWER', 'OPERATOR')).toBe(false);
    expect(roleAtLeast('OPERATOR', 'ADMIN')).toBe(false);
  });

  it('know which authentication types are OAuth2', () => {
    expect(authenticationTypes.filter(isOAuth2AuthenticationType)).toEqual(['OAUTH2_CLIENT_CREDENTIALS', 'OAUTH2_AUTHORIZATION_CODE']);
    expect(isOAuth2AuthenticationType(null)).toBe(false);
  });
});
