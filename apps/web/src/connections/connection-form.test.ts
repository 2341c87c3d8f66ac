import { describe, expect, it } from 'vitest';
import { createInput, emptyForm, parseExtraParams, updateInput, validateForm, type ConnectionForm } from './connection-form';
import { applyTemplate, applyTemplateUrls, parametersFromEndpoint, substitute, withInferredParameters } from './connection-template';

const valid: ConnectionForm = {
  ...emptyForm(),
  code: 'DEMO',
  name: 'Demo',
  issuer: 'http://127.0.0.1:4010',
  clientId: 'demo',
  clientSecret: 'typed-secret',
  scopes: 'openid offline_access',
};
const context = { isNew: true, clientSecretSet: false, template: null };

describe('validateForm', () => {
  it('accepts a connection whose endpoints come from discovery', () => {
    expect(validateForm(valid, context)).toEqual({});
  });

  it('lists every problem at once with a message per field', () => {
    const errors = validateForm(
      { ...valid, code: 'bad code', name: ' ', baseUrl: 'ftp://x', issuer: '', clientId: '', clientSecret: '' },
      context,
    );
    expect(Object.keys(errors).sort()).toEqual([
      'authorizationEndpoint',
      'baseUrl',
      'clientId',
      'clientSecret',
      'code',
      'name',
      'tokenEndpoint',
    ]);
    expect(errors.code).toContain('upper-case');
  });

  it('needs no secret for a public client or when one is already stored', () => {
    expect(validateForm({ ...valid, clientSecret: '', tokenEndpointAuthMethod: 'NONE' }, context)).toEqual({});
    expect(validateForm({ ...valid, clientSecret: '' }, { ...context, isNew: false, clientSecretSet: true })).toEqual({});
  });

  it('asks for template parameters and flags unfilled placeholders', () => {
    const template = {
      id: 'microsoft',
      issuer: null,
      authorizationEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize',
      tokenEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
      revocationEndpoint: null,
      scopes: ['offline_access'],
      tokenEndpointAuthMethod: 'CLIENT_SECRET_POST' as const,
      extraAuthorizationParams: [{ key: 'prompt', value: 'select_account' }],
      parameters: [{ name: 'tenant' }],
    };
    const applied = applyTemplate({ ...valid, issuer: '', scopes: '' }, template);
    const errors = validateForm(applied, { ...context, template });
    expect(errors['param:tenant']).toBeTruthy();
    expect(errors.authorizationEndpoint).toContain('template parameters');
    const filled = applyTemplate({ ...applied, templateParams: { tenant: 'contoso' } }, template);
    expect(filled.authorizationEndpoint).toBe('https://login.microsoftonline.com/contoso/oauth2/v2.0/authorize');
    expect(filled.scopes).toBe('offline_access');
    expect(filled.extraParams).toBe('prompt=select_account');
    expect(validateForm(filled, { ...context, template })).toEqual({});
  });
});

describe('inputs sent to the API', () => {
  it('sends the secret only when typed (write-only)', () => {
    expect(createInput(valid).oauth2?.clientSecret).toBe('typed-secret');
    expect(updateInput({ ...valid, clientSecret: '' }).oauth2).not.toHaveProperty('clientSecret');
  });

  it('splits scopes and extra parameters', () => {
    const input = createInput({ ...valid, scopes: 'a, b  c', extraParams: 'prompt=consent\n\naudience=x=y' });
    expect(input.oauth2?.scopes).toEqual(['a', 'b', 'c']);
    expect(input.oauth2?.extraAuthorizationParams).toEqual([
      { key: 'prompt', value: 'consent' },
      { key: 'audience', value: 'x=y' },
    ]);
  });

  it('omits OAuth2 settings for other authentication types', () => {
    expect(createInput({ ...valid, authenticationType: 'NONE' })).not.toHaveProperty('oauth2');
  });

  it('rejects malformed extra parameters', () => {
    expect(parseExtraParams('novalue').error).toContain('key=value');
    expect(substitute('https://{a}.example/{b}', { a: 'x y' })).toBe('https://x%20y.example/{b}');
  });
});

describe('template parameters', () => {
  const entra = {
    id: 'microsoft-entra-id',
    issuer: null,
    authorizationEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize',
    tokenEndpoint: 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token',
    revocationEndpoint: null,
    scopes: ['openid', 'offline_access'],
    tokenEndpointAuthMethod: 'CLIENT_SECRET_POST' as const,
    extraAuthorizationParams: [{ key: 'prompt', value: 'select_account' }],
    parameters: [{ name: 'tenant' }],
  };

  it('retyping a parameter changes only the URLs, not edited scopes or extra parameters', () => {
    const edited = {
      ...applyTemplate(valid, entra),
      scopes: 'openid',
      extraParams: 'prompt=consent',
      templateParams: { tenant: 'fabrikam' },
    };
    const next = applyTemplateUrls(edited, entra);
    expect(next.tokenEndpoint).toBe('https://login.microsoftonline.com/fabrikam/oauth2/v2.0/token');
    expect(next.scopes).toBe('openid');
    expect(next.extraParams).toBe('prompt=consent');
  });

  it('are sent with the template and read back from the endpoints of an older connection', () => {
    const form = { ...valid, templateId: entra.id, templateParams: { tenant: ' contoso ' } };
    expect(createInput(form).oauth2?.templateParameters).toEqual([{ key: 'tenant', value: 'contoso' }]);
    expect(createInput({ ...form, templateId: null }).oauth2?.templateParameters).toEqual([]);
    expect(parametersFromEndpoint(entra.tokenEndpoint, 'https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token')).toEqual({
      tenant: 'contoso.com',
    });
    expect(parametersFromEndpoint(entra.tokenEndpoint, 'https://example.com/token')).toEqual({});
    const older = { ...valid, templateId: entra.id, tokenEndpoint: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' };
    expect(withInferredParameters(older, entra).templateParams).toEqual({ tenant: 'x' });
  });
});
