import { describe, expect, it } from 'vitest';
import { applyProviderTemplate } from './apply.js';
import { getProviderTemplate, providerTemplates } from './catalogue.js';
import type { ProviderTemplate } from './types.js';

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

function urls(template: ProviderTemplate): string[] {
  return [template.issuer, template.authorizationEndpoint, template.tokenEndpoint, template.revocationEndpoint].filter(
    (u): u is string => u !== undefined,
  );
}

function exampleParams(template: ProviderTemplate): Record<string, string> {
  return Object.fromEntries(template.parameters.map((p) => [p.name, p.example]));
}

describe('providerTemplates', () => {
  it('holds at least 12 providers, including the well-known ones', () => {
    expect(providerTemplates.length).toBeGreaterThanOrEqual(12);
    for (const id of [
      'microsoft-entra-id',
      'google',
      'salesforce',
      'github-oauth-app',
      'github-app',
      'slack',
      'hubspot',
      'xero',
      'intuit-quickbooks',
      'zoho',
      'dropbox',
      'atlassian',
      'okta',
    ]) {
      expect(getProviderTemplate(id), id).toBeDefined();
    }
  });

  it('has unique kebab-case ids and unique names', () => {
    const ids = providerTemplates.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    const names = providerTemplates.map((t) => t.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('returns undefined for an unknown id', () => {
    expect(getProviderTemplate('nope')).toBeUndefined();
  });

  it.each(providerTemplates.map((t) => [t.id, t] as const))('%s is complete and consistent', (_id, t) => {
    expect(t.name.length).toBeGreaterThan(0);
    expect(['client_secret_basic', 'client_secret_post', 'none']).toContain(t.tokenEndpointAuthMethod);
    expect(new URL(t.documentationUrl).protocol).toBe('https:');
    expect(Array.isArray(t.scopes)).toBe(true);
    for (const scope of t.scopes) expect(scope).toMatch(/^\S+$/);

    // Every https URL, and every placeholder declared as a parameter (and every parameter used).
    const used = new Set<string>();
    for (const url of urls(t)) {
      expect(url.startsWith('https://'), url).toBe(true);
      for (const match of url.matchAll(PLACEHOLDER)) used.add(match[1]!);
    }
    expect([...used].sort()).toEqual(t.parameters.map((p) => p.name).sort());

    for (const p of t.parameters) {
      expect(p.pattern.test(p.example), `${p.name} example`).toBe(true);
      if (p.defaultValue !== undefined) expect(p.pattern.test(p.defaultValue)).toBe(true);
      if (p.allowedValues !== undefined) {
        expect(p.allowedValues).toContain(p.example);
        for (const v of p.allowedValues) expect(p.pattern.test(v), v).toBe(true);
      }
    }

    // Substituted with the examples, every URL is a valid https URL on a real host.
    const config = applyProviderTemplate(t.id, exampleParams(t));
    for (const url of [config.issuer, config.authorizationEndpoint, config.tokenEndpoint, config.revocationEndpoint]) {
      if (url === undefined) continue;
      const parsed = new URL(url);
      expect(parsed.protocol).toBe('https:');
      expect(parsed.hostname).toMatch(/^[a-z0-9.-]+\.[a-z]{2,}$/);
      expect(url).not.toMatch(/[{}]/);
    }
    expect(config.revocationEndpoint === undefined).toBe(t.revocationEndpoint === undefined);
  });

  it('asks for a refresh token the way each provider needs', () => {
    const scopes = (id: string): readonly string[] => getProviderTemplate(id)!.scopes;
    const params = (id: string): Readonly<Record<string, string>> | undefined => getProviderTemplate(id)!.extraAuthorizationParams;
    expect(scopes('microsoft-entra-id')).toContain('offline_access');
    expect(scopes('xero')).toContain('offline_access');
    expect(scopes('okta')).toContain('offline_access');
    expect(scopes('atlassian')).toContain('offline_access');
    expect(params('atlassian')).toMatchObject({ audience: 'api.atlassian.com', prompt: 'consent' });
    expect(scopes('salesforce')).toContain('refresh_token');
    expect(params('google')).toMatchObject({ access_type: 'offline', prompt: 'consent' });
    expect(params('zoho')).toMatchObject({ access_type: 'offline', prompt: 'consent' });
    expect(params('dropbox')).toMatchObject({ token_access_type: 'offline' });
  });

  it('records the known quirks', () => {
    const quirks = (id: string) => getProviderTemplate(id)!.quirks;
    expect(quirks('slack')).toMatchObject({ scopeSeparator: ',', errorInSuccessBody: true });
    expect(quirks('zoho').scopeSeparator).toBe(',');
    expect(quirks('google').keepsRefreshToken).toBe(true);
    expect(quirks('salesforce').keepsRefreshToken).toBe(true);
    expect(quirks('dropbox').keepsRefreshToken).toBe(true);
    expect(quirks('xero').rotatesRefreshToken).toBe(true);
    expect(quirks('atlassian').rotatesRefreshToken).toBe(true);
    expect(quirks('github-app').rotatesRefreshToken).toBe(true);
    expect(getProviderTemplate('xero')!.refreshTokenPolicy).toMatchObject({
      idleExpiresAfterSeconds: 60 * 86_400,
      reuseGraceSeconds: 1_800,
    });
  });

  it('is read-only', () => {
    const google = getProviderTemplate('google')!;
    expect(() => {
      (google as { tokenEndpoint: string }).tokenEndpoint = 'https://evil.example';
    }).toThrow(TypeError);
    expect(() => (google.scopes as string[]).push('x')).toThrow(TypeError);
  });
});
