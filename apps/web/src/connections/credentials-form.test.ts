import { describe, expect, it } from 'vitest';
import { createInput, emptyForm, updateInput, validateForm, type ConnectionForm } from './connection-form';
import { credentialsFromSaved, credentialsInput, emptyCredentials, validateCredentials } from './credentials-form';

const basicSaved = { username: 'svc', passwordSet: true, apiKeySet: false, apiKeyHeader: null, apiKeyQueryParam: null };
const keySaved = { username: null, passwordSet: false, apiKeySet: true, apiKeyHeader: null, apiKeyQueryParam: 'key' };

describe('BASIC and API_KEY credentials on the connection card', () => {
  it('asks for every missing credential of a new connection, by field', () => {
    expect(validateCredentials('BASIC', { ...emptyCredentials(), username: 'a:b' }, null)).toEqual({
      username: expect.stringContaining('":"'),
      password: 'Enter the password.',
    });
    expect(validateCredentials('API_KEY', { ...emptyCredentials(), apiKeyName: 'Cookie' }, null)).toEqual({
      apiKeyName: expect.stringContaining('managed by the proxy'),
      apiKey: 'Enter the API key.',
    });
    expect(
      validateCredentials('API_KEY', { ...emptyCredentials(), apiKeyPlacement: 'QUERY', apiKeyName: 'a b', apiKey: 'k' }, null),
    ).toEqual({
      apiKeyName: expect.stringContaining('query parameter'),
    });
    expect(validateCredentials('NONE', emptyCredentials(), null)).toEqual({});
  });

  it('lets a stored secret stand: an empty password or key keeps it', () => {
    expect(validateCredentials('BASIC', credentialsFromSaved(basicSaved), basicSaved)).toEqual({});
    expect(validateCredentials('API_KEY', credentialsFromSaved(keySaved), keySaved)).toEqual({});
  });

  it('sends a secret only when typed, and nothing when nothing changed', () => {
    expect(credentialsInput('BASIC', { ...emptyCredentials(), username: 'svc', password: 'pw' }, null)).toEqual({
      username: 'svc',
      password: 'pw',
    });
    expect(credentialsInput('BASIC', credentialsFromSaved(basicSaved), basicSaved)).toBeNull();
    expect(credentialsInput('BASIC', { ...credentialsFromSaved(basicSaved), username: 'other' }, basicSaved)).toEqual({
      username: 'other',
    });
    expect(credentialsInput('API_KEY', credentialsFromSaved(keySaved), keySaved)).toBeNull();
    expect(credentialsInput('API_KEY', { ...credentialsFromSaved(keySaved), apiKey: 'new' }, keySaved)).toEqual({
      apiKeyQueryParam: 'key',
      apiKey: 'new',
    });
    expect(
      credentialsInput('API_KEY', { ...credentialsFromSaved(keySaved), apiKeyPlacement: 'HEADER', apiKeyName: 'X-Key' }, keySaved),
    ).toEqual({
      apiKeyHeader: 'X-Key',
    });
    expect(credentialsInput('OAUTH2_CLIENT_CREDENTIALS', emptyCredentials(), null)).toBeNull();
  });

  it('builds the create and update inputs of each type', () => {
    const form: ConnectionForm = { ...emptyForm(), code: 'MAPS', name: 'Maps', authenticationType: 'API_KEY' };
    form.credentials = { ...emptyCredentials(), apiKey: 'k-1' };
    expect(createInput(form)).toEqual({
      code: 'MAPS',
      name: 'Maps',
      authenticationType: 'API_KEY',
      credentials: { apiKeyHeader: 'X-Api-Key', apiKey: 'k-1' },
    });
    expect(validateForm({ ...form, credentials: emptyCredentials() }, { isNew: true, clientSecretSet: false, template: null })).toEqual({
      apiKey: 'Enter the API key.',
    });
    const none = { ...emptyForm(), code: 'OPEN', name: 'Open', authenticationType: 'NONE' as const };
    expect(createInput(none)).toEqual({ code: 'OPEN', name: 'Open', authenticationType: 'NONE' });
    const cc = {
      ...emptyForm(),
      name: 'M2M',
      authenticationType: 'OAUTH2_CLIENT_CREDENTIALS' as const,
      allowTokenAccess: true,
      clientId: 'c',
    };
    expect(updateInput(cc)).toMatchObject({ name: 'M2M', allowTokenAccess: true, oauth2: { clientId: 'c' } });
    expect(updateInput(cc)).not.toHaveProperty('credentials');
  });

  it('refuses a public client for the client credentials grant', () => {
    const cc: ConnectionForm = {
      ...emptyForm(),
      code: 'M2M',
      name: 'M2M',
      authenticationType: 'OAUTH2_CLIENT_CREDENTIALS',
      tokenEndpoint: 'https://idp.example/token',
      clientId: 'c',
      tokenEndpointAuthMethod: 'NONE',
    };
    expect(validateForm(cc, { isNew: true, clientSecretSet: false, template: null })).toEqual({
      tokenEndpointAuthMethod: expect.stringContaining('needs a client secret'),
    });
  });
});
