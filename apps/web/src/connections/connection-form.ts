import { connectionCodePattern } from '@grantkeeper/schema';
import type {
  AuthenticationType,
  ConnectionDetailsFragment,
  CreateConnectionInput,
  OAuth2SettingsInput,
  TokenEndpointAuthMethod,
  UpdateConnectionInput,
} from '../gql/graphql';
import { isOAuth2 } from './auth-types';
import type { TemplateLike } from './connection-template';
import {
  credentialsFromSaved,
  credentialsInput,
  emptyCredentials,
  validateCredentials,
  type CredentialsField,
  type CredentialsForm,
  type SavedCredentials,
} from './credentials-form';

/** What the REST API Connection card edits. The client secret is write-only: empty = keep. */
export interface ConnectionForm {
  code: string;
  name: string;
  baseUrl: string;
  authenticationType: AuthenticationType;
  templateId: string | null;
  templateParams: Record<string, string>;
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** One `key=value` per line: extra parameters of the authorization request. */
  extraParams: string;
  /** May TOKEN keys read the access token (OAuth2 types)? */
  allowTokenAccess: boolean;
  /** BASIC and API_KEY: see credentials-form.ts (the secrets are write-only: empty = keep). */
  credentials: CredentialsForm;
}

export type FormErrors = Partial<Record<keyof ConnectionForm | CredentialsField | `param:${string}`, string>>;

export const CODE_PATTERN = connectionCodePattern;

export function emptyForm(): ConnectionForm {
  return {
    code: '',
    name: '',
    baseUrl: '',
    authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
    templateId: null,
    templateParams: {},
    issuer: '',
    authorizationEndpoint: '',
    tokenEndpoint: '',
    revocationEndpoint: '',
    clientId: '',
    clientSecret: '',
    scopes: '',
    tokenEndpointAuthMethod: 'CLIENT_SECRET_BASIC',
    extraParams: '',
    allowTokenAccess: false,
    credentials: emptyCredentials(),
  };
}

export function formFromConnection(connection: ConnectionDetailsFragment): ConnectionForm {
  const oauth2 = connection.oauth2;
  return {
    ...emptyForm(),
    code: connection.code,
    name: connection.name,
    baseUrl: connection.baseUrl ?? '',
    authenticationType: connection.authenticationType,
    templateId: oauth2?.templateId ?? null,
    templateParams: Object.fromEntries((oauth2?.templateParameters ?? []).map((p) => [p.key, p.value])),
    issuer: oauth2?.issuer ?? '',
    authorizationEndpoint: oauth2?.authorizationEndpoint ?? '',
    tokenEndpoint: oauth2?.tokenEndpoint ?? '',
    revocationEndpoint: oauth2?.revocationEndpoint ?? '',
    clientId: oauth2?.clientId ?? '',
    scopes: oauth2?.scopes.join(' ') ?? '',
    tokenEndpointAuthMethod: oauth2?.tokenEndpointAuthMethod ?? 'CLIENT_SECRET_BASIC',
    extraParams: (oauth2?.extraAuthorizationParams ?? []).map((p) => `${p.key}=${p.value}`).join('\n'),
    allowTokenAccess: connection.allowTokenAccess,
    credentials: credentialsFromSaved(connection.credentials ?? null),
  };
}

export function splitScopes(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseExtraParams(text: string): { params: Array<{ key: string; value: string }>; error: string } {
  const params: Array<{ key: string; value: string }> = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf('=');
    if (at <= 0) return { params, error: `Line ${index + 1}: write each parameter as key=value.` };
    params.push({ key: line.slice(0, at).trim(), value: line.slice(at + 1).trim() });
  }
  return { params, error: '' };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

export interface ValidationContext {
  isNew: boolean;
  clientSecretSet: boolean;
  template: TemplateLike | null;
  /** What is stored of the BASIC / API_KEY credentials (null: nothing yet). */
  savedCredentials?: SavedCredentials | null;
}

/** Every problem at once, keyed by field, in words a user can act on. */
export function validateForm(form: ConnectionForm, context: ValidationContext): FormErrors {
  const errors: FormErrors = {};
  if (context.isNew && !CODE_PATTERN.test(form.code)) {
    errors.code = form.code ? 'Use 1 to 50 upper-case letters, digits, hyphens or underscores.' : 'Enter a code, e.g. DEMO or CRM_PROD.';
  }
  if (!form.name.trim()) errors.name = 'Enter a name.';
  else if (form.name.length > 200) errors.name = 'Keep the name under 200 characters.';
  if (form.baseUrl.trim() && !isHttpUrl(form.baseUrl.trim())) errors.baseUrl = 'Enter a full http(s) URL, e.g. https://api.example.com.';
  if (!isOAuth2(form.authenticationType)) {
    return { ...errors, ...validateCredentials(form.authenticationType, form.credentials, context.savedCredentials ?? null) };
  }

  if (context.template) {
    for (const parameter of context.template.parameters) {
      if (!form.templateParams[parameter.name]?.trim()) errors[`param:${parameter.name}`] = 'Required by this provider template.';
    }
  }
  const issuer = form.issuer.trim();
  if (issuer && !isHttpUrl(issuer)) errors.issuer = 'Enter the issuer as a full http(s) URL.';
  const needsAuthEndpoint = form.authenticationType === 'OAUTH2_AUTHORIZATION_CODE';
  for (const field of ['authorizationEndpoint', 'tokenEndpoint', 'revocationEndpoint'] as const) {
    const value = form[field].trim();
    if (value && !isHttpUrl(value)) errors[field] = 'Enter a full http(s) URL.';
    else if (value.includes('{')) errors[field] = 'Fill in the template parameters above.';
  }
  if (!issuer) {
    if (needsAuthEndpoint && !form.authorizationEndpoint.trim()) {
      errors.authorizationEndpoint = 'Enter the authorization endpoint, or an issuer URL to discover it.';
    }
    if (!form.tokenEndpoint.trim()) errors.tokenEndpoint = 'Enter the token endpoint, or an issuer URL to discover it.';
  }
  if (!form.clientId.trim()) errors.clientId = 'Enter the client ID registered at the provider.';
  if (form.authenticationType === 'OAUTH2_CLIENT_CREDENTIALS' && form.tokenEndpointAuthMethod === 'NONE') {
    errors.tokenEndpointAuthMethod =
      'The client credentials grant needs a client secret: choose client_secret_basic or client_secret_post.';
  } else if (form.tokenEndpointAuthMethod !== 'NONE' && !form.clientSecret && !context.clientSecretSet) {
    errors.clientSecret = 'Enter the client secret, or choose the "None" client authentication for a public client.';
  }
  const extra = parseExtraParams(form.extraParams);
  if (extra.error) errors.extraParams = extra.error;
  return errors;
}

function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}

export function oauth2Input(form: ConnectionForm): OAuth2SettingsInput {
  const input: OAuth2SettingsInput = {
    clientId: form.clientId.trim(),
    scopes: splitScopes(form.scopes),
    tokenEndpointAuthMethod: form.tokenEndpointAuthMethod,
    extraAuthorizationParams: parseExtraParams(form.extraParams).params,
    templateId: form.templateId,
    templateParameters: form.templateId
      ? Object.entries(form.templateParams)
          .filter(([, value]) => value.trim())
          .map(([key, value]) => ({ key, value: value.trim() }))
      : [],
  };
  const issuer = optional(form.issuer);
  const authorizationEndpoint = optional(form.authorizationEndpoint);
  const tokenEndpoint = optional(form.tokenEndpoint);
  const revocationEndpoint = optional(form.revocationEndpoint);
  if (issuer) input.issuer = issuer;
  if (authorizationEndpoint) input.authorizationEndpoint = authorizationEndpoint;
  if (tokenEndpoint) input.tokenEndpoint = tokenEndpoint;
  if (revocationEndpoint) input.revocationEndpoint = revocationEndpoint;
  // Write-only: sent only when the user typed a new one ("set" / "replace").
  if (form.clientSecret) input.clientSecret = form.clientSecret;
  return input;
}

export function createInput(form: ConnectionForm): CreateConnectionInput {
  const baseUrl = optional(form.baseUrl);
  const credentials = credentialsInput(form.authenticationType, form.credentials, null);
  return {
    code: form.code.trim(),
    name: form.name.trim(),
    ...(baseUrl ? { baseUrl } : {}),
    authenticationType: form.authenticationType,
    ...(isOAuth2(form.authenticationType) ? { oauth2: oauth2Input(form), allowTokenAccess: form.allowTokenAccess } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

/** `saved`: the stored credentials, so that unchanged ones are not sent (and not re-audited). */
export function updateInput(form: ConnectionForm, saved: SavedCredentials | null = null): UpdateConnectionInput {
  const credentials = credentialsInput(form.authenticationType, form.credentials, saved);
  return {
    name: form.name.trim(),
    baseUrl: form.baseUrl.trim(),
    ...(isOAuth2(form.authenticationType) ? { oauth2: oauth2Input(form), allowTokenAccess: form.allowTokenAccess } : {}),
    ...(credentials ? { credentials } : {}),
  };
}
