/**
 * Turn a template and the operator's parameter values into a provider configuration.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1 (authorization endpoint)
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2 (token endpoint, TLS required)
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2 (revocation endpoint)
 */
import { ConfigurationError } from '../errors.js';
import type { ProviderConfig } from '../types.js';
import { getProviderTemplate } from './catalogue.js';
import type { ProviderTemplate, ProviderTemplateParameter } from './types.js';

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** A provider configuration without the client credentials (the operator adds those). */
export type ProviderTemplateConfig = Omit<ProviderConfig, 'clientId' | 'clientSecret'>;

function describe(parameter: ProviderTemplateParameter): string {
  return `"${parameter.name}" (${parameter.label})`;
}

function resolveParameters(template: ProviderTemplate, params: Readonly<Record<string, string>>): Map<string, string> {
  const known = new Set(template.parameters.map((p) => p.name));
  for (const name of Object.keys(params)) {
    if (!known.has(name)) {
      const expected = known.size > 0 ? `; it takes ${[...known].map((n) => `"${n}"`).join(', ')}` : '; it takes none';
      throw new ConfigurationError(
        'INVALID_CONFIGURATION',
        `The ${template.name} template has no parameter "${name.slice(0, 64)}"${expected}.`,
      );
    }
  }
  const values = new Map<string, string>();
  for (const parameter of template.parameters) {
    const given: unknown = Object.prototype.hasOwnProperty.call(params, parameter.name) ? params[parameter.name] : undefined;
    const text = typeof given === 'string' ? given.trim() : '';
    const value = text === '' ? parameter.defaultValue : text;
    if (value === undefined) {
      throw new ConfigurationError(
        'INVALID_CONFIGURATION',
        `The ${template.name} template needs the parameter ${describe(parameter)}, for example "${parameter.example}".`,
      );
    }
    const allowed = parameter.allowedValues;
    if (!parameter.pattern.test(value) || (allowed !== undefined && !allowed.includes(value))) {
      const choices = allowed !== undefined ? ` (one of ${allowed.join(', ')})` : '';
      throw new ConfigurationError(
        'INVALID_CONFIGURATION',
        `The parameter ${describe(parameter)} must be ${parameter.patternDescription}${choices}.`,
      );
    }
    values.set(parameter.name, value);
  }
  return values;
}

function substitute(template: ProviderTemplate, field: string, url: string, values: Map<string, string>): string {
  const result = url.replace(PLACEHOLDER, (_match, name: string) => {
    const value = values.get(name);
    if (value === undefined) {
      throw new ConfigurationError(
        'INVALID_CONFIGURATION',
        `The ${template.name} template's ${field} uses an undeclared parameter "${name}".`,
      );
    }
    return value;
  });
  let parsed: URL;
  try {
    parsed = new URL(result);
  } catch {
    throw new ConfigurationError('INVALID_CONFIGURATION', `The ${template.name} ${field} is not a valid URL.`);
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') {
    throw new ConfigurationError('INVALID_CONFIGURATION', `The ${template.name} ${field} must be an https URL without credentials.`);
  }
  return result;
}

/**
 * The provider configuration of template `id` with `params` substituted into its URLs.
 * Throws `ConfigurationError` `INVALID_CONFIGURATION` naming the unknown template, the missing,
 * unknown or invalid parameter. Parameter values are validated against each parameter's
 * pattern, so they cannot change the URL's host, path, query or fragment beyond their slot.
 */
export function applyProviderTemplate(id: string, params: Readonly<Record<string, string>> = {}): ProviderTemplateConfig {
  const template = getProviderTemplate(id);
  if (template === undefined) {
    throw new ConfigurationError('INVALID_CONFIGURATION', `There is no provider template "${String(id).slice(0, 64)}".`);
  }
  const values = resolveParameters(template, params);
  const url = (field: string, value: string): string => substitute(template, field, value, values);
  return {
    issuer: template.issuer === undefined ? undefined : url('issuer', template.issuer),
    authorizationEndpoint: url('authorization endpoint', template.authorizationEndpoint),
    tokenEndpoint: url('token endpoint', template.tokenEndpoint),
    revocationEndpoint: template.revocationEndpoint === undefined ? undefined : url('revocation endpoint', template.revocationEndpoint),
    tokenEndpointAuthMethod: template.tokenEndpointAuthMethod,
    scopes: [...template.scopes],
    extraAuthorizationParams: template.extraAuthorizationParams === undefined ? undefined : { ...template.extraAuthorizationParams },
    quirks: structuredClone(template.quirks),
  };
}
