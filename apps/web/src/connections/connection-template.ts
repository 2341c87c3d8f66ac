/**
 * Provider templates on the connection form: their `{parameter}` URLs filled in from what the
 * user typed, and the parameters recovered from a saved connection's endpoints.
 */
import type { ProviderTemplate } from '../gql/graphql';
import type { ConnectionForm } from './connection-form';

export type TemplateLike = Pick<
  ProviderTemplate,
  | 'id'
  | 'issuer'
  | 'authorizationEndpoint'
  | 'tokenEndpoint'
  | 'revocationEndpoint'
  | 'scopes'
  | 'tokenEndpointAuthMethod'
  | 'extraAuthorizationParams'
> & { parameters: Array<{ name: string }> };

/** Replaces `{name}` placeholders with the parameters the user typed. */
export function substitute(template: string, params: Record<string, string>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = params[name]?.trim();
    return value ? encodeURIComponent(value) : whole;
  });
}

/** The template's URLs with its parameters filled in; nothing else of the form changes. */
export function applyTemplateUrls(form: ConnectionForm, template: TemplateLike): ConnectionForm {
  const p = form.templateParams;
  return {
    ...form,
    templateId: template.id,
    issuer: template.issuer ? substitute(template.issuer, p) : '',
    authorizationEndpoint: substitute(template.authorizationEndpoint, p),
    tokenEndpoint: substitute(template.tokenEndpoint, p),
    revocationEndpoint: template.revocationEndpoint ? substitute(template.revocationEndpoint, p) : '',
  };
}

/** The OAuth2 settings a provider template gives, with its parameters filled in (on picking it). */
export function applyTemplate(form: ConnectionForm, template: TemplateLike): ConnectionForm {
  return {
    ...applyTemplateUrls(form, template),
    scopes: form.scopes.trim() ? form.scopes : template.scopes.join(' '),
    tokenEndpointAuthMethod: template.tokenEndpointAuthMethod,
    extraParams: template.extraAuthorizationParams.map((kv) => `${kv.key}=${kv.value}`).join('\n'),
  };
}

/**
 * The parameter values a saved endpoint shows, for a connection stored before its parameters
 * were (e.g. `tenant` from `https://login.microsoftonline.com/contoso/oauth2/v2.0/token`).
 */
export function parametersFromEndpoint(pattern: string, url: string): Record<string, string> {
  const names: string[] = [];
  const source = pattern
    .split(/\{([A-Za-z0-9_]+)\}/)
    .map((part, index) => {
      if (index % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part);
      return '([^/?#]+)';
    })
    .join('');
  const match = new RegExp(`^${source}$`).exec(url);
  if (!match) return {};
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  return Object.fromEntries(names.map((name, i) => [name, decode(match[i + 1] ?? '')]));
}

/** The form's parameters, completed from its endpoints where the server returned none. */
export function withInferredParameters(form: ConnectionForm, template: TemplateLike | null): ConnectionForm {
  if (!template || template.parameters.every((p) => form.templateParams[p.name])) return form;
  const found = {
    ...parametersFromEndpoint(template.tokenEndpoint, form.tokenEndpoint),
    ...parametersFromEndpoint(template.authorizationEndpoint, form.authorizationEndpoint),
  };
  return { ...form, templateParams: { ...found, ...form.templateParams } };
}
