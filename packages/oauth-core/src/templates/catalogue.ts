/** The built-in provider templates. */
import { atlassian } from './providers/atlassian.js';
import { box } from './providers/box.js';
import { dropbox } from './providers/dropbox.js';
import { githubApp, githubOAuthApp } from './providers/github.js';
import { google } from './providers/google.js';
import { hubspot } from './providers/hubspot.js';
import { intuitQuickBooks } from './providers/intuit-quickbooks.js';
import { linkedin } from './providers/linkedin.js';
import { microsoftEntraId } from './providers/microsoft-entra-id.js';
import { okta } from './providers/okta.js';
import { salesforce, salesforceMyDomain, salesforceSandbox } from './providers/salesforce.js';
import { slack } from './providers/slack.js';
import { spotify } from './providers/spotify.js';
import { xero } from './providers/xero.js';
import { zoho } from './providers/zoho.js';
import type { ProviderTemplate } from './types.js';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !(value instanceof RegExp)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Every built-in template, in display order. Frozen: read-only for every caller. */
export const providerTemplates: readonly ProviderTemplate[] = deepFreeze([
  microsoftEntraId,
  google,
  salesforce,
  salesforceSandbox,
  salesforceMyDomain,
  githubOAuthApp,
  githubApp,
  slack,
  hubspot,
  xero,
  intuitQuickBooks,
  zoho,
  dropbox,
  atlassian,
  okta,
  linkedin,
  box,
  spotify,
]);

/** The template with this id, or undefined. */
export function getProviderTemplate(id: string): ProviderTemplate | undefined {
  return providerTemplates.find((template) => template.id === id);
}
