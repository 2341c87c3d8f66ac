import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors.js';
import type { ProviderConfig } from '../types.js';
import { createClientContext, validateProviderConfig, validateRedirectUri } from './config.js';

const valid: ProviderConfig = {
  issuer: 'https://as.example',
  authorizationEndpoint: 'https://as.example/authorize',
  tokenEndpoint: 'https://as.example/token',
  revocationEndpoint: 'https://as.example/revoke',
  clientId: 'client-1',
  clientSecret: 's3cr3t-value',
  tokenEndpointAuthMethod: 'client_secret_basic',
  scopes: ['openid', 'offline_access'],
};

function expectInvalid(config: ProviderConfig, field: string): void {
  try {
    validateProviderConfig(config);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'INVALID_CONFIGURATION' });
    expect((error as Error).message).toContain(`"${field}"`);
    expect((error as Error).message).not.toContain('s3cr3t-value');
    return;
  }
  throw new Error(`expected ${field} to be rejected`);
}

describe('validateProviderConfig', () => {
  it('accepts https endpoints and http on loopback hosts', () => {
    expect(() => validateProviderConfig(valid)).not.toThrow();
    for (const host of ['localhost:8080', '127.0.0.1:9', '[::1]:9']) {
      expect(() =>
        validateProviderConfig({
          ...valid,
          issuer: `http://${host}`,
          authorizationEndpoint: `http://${host}/auth`,
          tokenEndpoint: `http://${host}/token`,
          revocationEndpoint: undefined,
        }),
      ).not.toThrow();
    }
  });

  it.each<[string, Partial<ProviderConfig>]>([
    ['authorizationEndpoint', { authorizationEndpoint: 'http://as.example/authorize' }],
    ['authorizationEndpoint', { authorizationEndpoint: '/authorize' }],
    ['tokenEndpoint', { tokenEndpoint: '' }],
    ['tokenEndpoint', { tokenEndpoint: 'https://as.example/token#x' }],
    ['tokenEndpoint', { tokenEndpoint: 'https://user:pw@as.example/token' }],
    ['revocationEndpoint', { revocationEndpoint: 'ftp://as.example/revoke' }],
    ['issuer', { issuer: 'not a url' }],
    ['clientId', { clientId: ' ' }],
    ['tokenEndpointAuthMethod', { tokenEndpointAuthMethod: 'private_key_jwt' as never }],
    ['clientSecret', { clientSecret: undefined }],
    ['clientSecret', { tokenEndpointAuthMethod: 'client_secret_post', clientSecret: '' }],
    ['scopes', { scopes: ['read write'] }],
    ['scopes', { scopes: [''] }],
    ['extraAuthorizationParams', { extraAuthorizationParams: { state: 'x' } }],
    ['extraAuthorizationParams', { quirks: { offlineAccessParams: { code_challenge_method: 'plain' } } }],
  ])('rejects an invalid %s, naming it', (field, patch) => {
    expectInvalid({ ...valid, ...patch }, field);
  });

  it('accepts openid without a known issuer (ID tokens are then dropped, not trusted)', () => {
    expect(() => validateProviderConfig({ ...valid, issuer: undefined })).not.toThrow();
  });

  it('needs no secret for a public client', () => {
    expect(() =>
      validateProviderConfig({
        ...valid,
        tokenEndpointAuthMethod: 'none',
        clientSecret: undefined,
      }),
    ).not.toThrow();
  });

  it('rejects redirect URIs with a query or fragment, or plain http off loopback', () => {
    expect(validateRedirectUri('http://127.0.0.1:4000/oauth/callback').href).toBe('http://127.0.0.1:4000/oauth/callback');
    for (const bad of ['https://app.example/cb?x=1', 'https://app.example/cb#f', 'http://app.example/cb', 'cb']) {
      expect(() => validateRedirectUri(bad)).toThrow(ConfigurationError);
    }
  });

  it('builds an openid-client configuration with the endpoints and the auth method', () => {
    const { configuration } = createClientContext(valid);
    expect(configuration.serverMetadata()).toMatchObject({
      issuer: 'https://as.example',
      token_endpoint: 'https://as.example/token',
      revocation_endpoint: 'https://as.example/revoke',
    });
    expect(configuration.serverMetadata().authorization_response_iss_parameter_supported).toBeUndefined();
    expect(configuration.clientMetadata()).toMatchObject({
      client_id: 'client-1',
      token_endpoint_auth_method: 'client_secret_basic',
    });
  });
});
