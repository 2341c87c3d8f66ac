import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors.js';
import { applyProviderTemplate } from './apply.js';
import { getProviderTemplate } from './catalogue.js';

function rejects(fn: () => unknown, ...fragments: string[]): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).code).toBe('INVALID_CONFIGURATION');
    for (const fragment of fragments) expect((error as Error).message).toContain(fragment);
    return;
  }
  throw new Error('expected INVALID_CONFIGURATION');
}

describe('applyProviderTemplate', () => {
  it('substitutes the Entra tenant into both endpoints', () => {
    const config = applyProviderTemplate('microsoft-entra-id', {
      tenant: 'contoso.onmicrosoft.com',
    });
    expect(config.authorizationEndpoint).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize');
    expect(config.tokenEndpoint).toBe('https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
    const guid = applyProviderTemplate('microsoft-entra-id', {
      tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
    expect(guid.tokenEndpoint).toContain('/72f988bf-86f1-41af-91ab-2d7cd011db47/');
  });

  it('substitutes Okta domain and issuer, defaulting the authorization server', () => {
    const config = applyProviderTemplate('okta', { domain: 'acme.okta.com' });
    expect(config).toMatchObject({
      issuer: 'https://acme.okta.com/oauth2/default',
      authorizationEndpoint: 'https://acme.okta.com/oauth2/default/v1/authorize',
      tokenEndpoint: 'https://acme.okta.com/oauth2/default/v1/token',
      revocationEndpoint: 'https://acme.okta.com/oauth2/default/v1/revoke',
    });
    const custom = applyProviderTemplate('okta', {
      domain: 'login.acme.example',
      authorizationServerId: 'aus1a2b3c4',
    });
    expect(custom.tokenEndpoint).toBe('https://login.acme.example/oauth2/aus1a2b3c4/v1/token');
  });

  it('uses Zoho data centres from the list only, defaulting to .com', () => {
    expect(applyProviderTemplate('zoho', {}).tokenEndpoint).toBe('https://accounts.zoho.com/oauth/v2/token');
    expect(applyProviderTemplate('zoho', { accountsDomain: 'accounts.zoho.eu' }).tokenEndpoint).toBe(
      'https://accounts.zoho.eu/oauth/v2/token',
    );
    rejects(() => applyProviderTemplate('zoho', { accountsDomain: 'accounts.zoho.xx' }), 'accountsDomain');
  });

  it('accepts Salesforce My Domain hosts, sandboxes included', () => {
    expect(
      applyProviderTemplate('salesforce-my-domain', {
        myDomain: 'acme--uat.sandbox.my.salesforce.com',
      }).tokenEndpoint,
    ).toBe('https://acme--uat.sandbox.my.salesforce.com/services/oauth2/token');
    rejects(
      () =>
        applyProviderTemplate('salesforce-my-domain', {
          myDomain: 'acme.my.salesforce.com.evil.example',
        }),
      'myDomain',
    );
  });

  it('returns a copy the caller may change without touching the template', () => {
    const config = applyProviderTemplate('google');
    expect(config).toMatchObject({
      issuer: 'https://accounts.google.com',
      tokenEndpointAuthMethod: 'client_secret_basic',
      extraAuthorizationParams: { access_type: 'offline', prompt: 'consent' },
      quirks: { keepsRefreshToken: true },
    });
    expect(config).not.toHaveProperty('clientId');
    (config.scopes as string[]).push('https://www.googleapis.com/auth/drive.readonly');
    config.quirks!.keepsRefreshToken = false;
    expect(getProviderTemplate('google')!.scopes).not.toContain('https://www.googleapis.com/auth/drive.readonly');
    expect(getProviderTemplate('google')!.quirks.keepsRefreshToken).toBe(true);
  });

  it('rejects an unknown template', () => {
    rejects(() => applyProviderTemplate('myspace'), 'myspace');
  });

  it('names a missing parameter', () => {
    rejects(() => applyProviderTemplate('microsoft-entra-id', {}), '"tenant"', 'Directory (tenant) ID');
    rejects(() => applyProviderTemplate('okta', { domain: '   ' }), '"domain"');
  });

  it('names an unknown parameter', () => {
    rejects(() => applyProviderTemplate('google', { tenant: 'x' }), '"tenant"');
    rejects(() => applyProviderTemplate('okta', { domain: 'acme.okta.com', region: 'eu' }), '"region"');
  });

  it.each([
    'evil.example/x',
    'common/../../evil',
    'common?x=1',
    'common#frag',
    'user@evil.example',
    'evil.example:443',
    'a%2Fb',
    'tenant id',
    '..',
    '.',
    'a\\b',
    '',
  ])('rejects the injected Entra tenant %j', (tenant) => {
    rejects(() => applyProviderTemplate('microsoft-entra-id', { tenant }), '"tenant"');
  });

  it.each([
    'evil.example/oauth2',
    'acme.okta.com@evil.example',
    'acme.okta.com:8443',
    'acme.okta.com?',
    'localhost',
    '-acme.okta.com',
    'acme..okta.com',
  ])('rejects the injected Okta domain %j', (domain) => {
    rejects(() => applyProviderTemplate('okta', { domain }), '"domain"');
  });

  it('rejects an injected Okta authorization server id', () => {
    rejects(
      () =>
        applyProviderTemplate('okta', {
          domain: 'acme.okta.com',
          authorizationServerId: 'x/../../y',
        }),
      '"authorizationServerId"',
    );
  });

  it('never echoes the rejected value', () => {
    try {
      applyProviderTemplate('okta', { domain: 'SECRET-looking.value/evil' });
    } catch (error) {
      expect((error as Error).message).not.toContain('SECRET-looking');
      return;
    }
    throw new Error('expected a rejection');
  });
});
