export { providerTemplates, getProviderTemplate } from './catalogue.js';
export { applyProviderTemplate, type ProviderTemplateConfig } from './apply.js';
export type { ProviderTemplate, ProviderTemplateParameter, RefreshTokenPolicy } from './types.js';
