/**
 * Input validation shared by the services: every failure is BAD_USER_INPUT with a message that
 * names the field and never quotes a secret.
 */
import { applyProviderTemplate } from '@grantkeeper/oauth-core';
import { connectionCodePattern } from '@grantkeeper/schema';
import { badInput } from './errors.js';

export const CONNECTION_CODE = connectionCodePattern;
/** RFC 6749 §3.3 scope-token: printable ASCII except space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,200}$/;
const PARAM_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function requireText(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw badInput(`"${field}" is required.`);
  const text = value.trim();
  if (text.length > max) throw badInput(`"${field}" must be at most ${max} characters.`);
  return text;
}

export function optionalText(field: string, value: unknown, max: number): string | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return null;
  }
  return requireText(field, value, max);
}

export function validateConnectionCode(value: unknown): string {
  if (typeof value !== 'string' || !CONNECTION_CODE.test(value)) {
    throw badInput('"code" must be 1 to 50 characters of A-Z, 0-9, "_" or "-" (upper-case).');
  }
  return value;
}

/** An absolute https URL (http only on a loopback host), without credentials or fragment. */
export function validateUrl(field: string, value: unknown): string {
  const text = requireText(field, value, 2048);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput(`"${field}" must be an absolute URL.`);
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw badInput(`"${field}" must use https (http is allowed only on localhost and 127.0.0.1).`);
  }
  if (url.username !== '' || url.password !== '') throw badInput(`"${field}" must not contain credentials.`);
  if (url.hash !== '') throw badInput(`"${field}" must not contain a fragment.`);
  return text;
}

export function optionalUrl(field: string, value: unknown): string | null {
  if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return null;
  }
  return validateUrl(field, value);
}

export function validateScopes(value: unknown): string[] {
  if (!Array.isArray(value)) throw badInput('"scopes" must be a list.');
  if (value.length > 100) throw badInput('"scopes" must have at most 100 entries.');
  const scopes: string[] = [];
  for (const scope of value) {
    if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
      throw badInput('Each scope must be 1 to 200 printable characters without spaces, quotes or backslashes.');
    }
    if (!scopes.includes(scope)) scopes.push(scope);
  }
  return scopes;
}

/** Parameters the engine sets itself; a connection may not override them. */
const RESERVED_PARAMS = new Set([
  'client_id',
  'redirect_uri',
  'response_type',
  'state',
  'code_challenge',
  'code_challenge_method',
  'scope',
  'nonce',
  'client_secret',
]);

export function validateExtraParams(value: readonly { key: string; value: string }[] | null | undefined): Record<string, string> | null {
  if (value === null || value === undefined) return null;
  if (value.length > 20) throw badInput('"extraAuthorizationParams" must have at most 20 entries.');
  const params: Record<string, string> = {};
  for (const entry of value) {
    if (!PARAM_NAME.test(entry.key)) {
      throw badInput('Each extra authorization parameter name must be 1 to 100 characters of A-Z, a-z, 0-9, "_", "." or "-".');
    }
    if (RESERVED_PARAMS.has(entry.key)) {
      throw badInput(`The authorization parameter "${entry.key}" is set by Grantkeeper and cannot be overridden.`);
    }
    if (typeof entry.value !== 'string' || entry.value.length > 1000) {
      throw badInput(`The value of "${entry.key}" must be at most 1000 characters.`);
    }
    params[entry.key] = entry.value;
  }
  return Object.keys(params).length > 0 ? params : null;
}

/**
 * The values of a provider template's `{param}` placeholders, checked by the engine against the
 * template (every parameter given, each matching its pattern). Null when there are none.
 */
export function validateTemplateParameters(
  templateId: string | null,
  value: readonly { key: string; value: string }[] | null | undefined,
): Record<string, string> | null {
  if (value === null || value === undefined || value.length === 0) return null;
  if (templateId === null) throw badInput('"templateParameters" are only for a connection with a "templateId".');
  if (value.length > 20) throw badInput('"templateParameters" must have at most 20 entries.');
  const params: Record<string, string> = {};
  for (const entry of value) {
    if (!PARAM_NAME.test(entry.key))
      throw badInput('Each template parameter name must be 1 to 100 characters of A-Z, a-z, 0-9, "_", "." or "-".');
    params[entry.key] = entry.value.trim();
  }
  applyProviderTemplate(templateId, params);
  return params;
}
