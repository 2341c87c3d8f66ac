/**
 * The "New workspace" form: the same rules the API applies (the shared pattern from
 * @grantkeeper/schema), checked in the browser first so the admin gets a clear message before
 * anything is sent.
 */
import { workspaceSlugPattern } from '@grantkeeper/schema';

/** Lower-case letters, digits and "-", 1 to 40 characters: the slug is sent as `X-Workspace`. */
export const WORKSPACE_SLUG = workspaceSlugPattern;

/** Offered in the environment field; any other text is accepted too. */
export const ENVIRONMENT_SUGGESTIONS = ['production', 'sandbox', 'staging', 'development', 'test'] as const;

export interface WorkspaceForm {
  slug: string;
  company: string;
  environment: string;
}

export type WorkspaceFormErrors = Partial<Record<keyof WorkspaceForm, string>>;

/** The message for a slug, or '' when it is valid. */
export function slugError(slug: string): string {
  const value = slug.trim();
  if (value.length === 0) return 'Enter a slug, for example "acme-sandbox".';
  if (value.length > 40) return `The slug is ${value.length} characters long; use at most 40.`;
  if (!WORKSPACE_SLUG.test(value)) {
    return 'Use only lower-case letters (a-z), digits (0-9) and hyphens (-), for example "acme-sandbox".';
  }
  return '';
}

/** Every field's message; an empty object means the form can be sent. */
export function validateWorkspaceForm(form: WorkspaceForm): WorkspaceFormErrors {
  const errors: WorkspaceFormErrors = {};
  const slug = slugError(form.slug);
  if (slug) errors.slug = slug;
  const company = form.company.trim();
  if (!company) errors.company = 'Enter the company this workspace belongs to.';
  else if (company.length > 200) errors.company = 'Use at most 200 characters for the company.';
  const environment = form.environment.trim();
  if (!environment) errors.environment = 'Enter an environment, for example "production" or "sandbox".';
  else if (environment.length > 100) errors.environment = 'Use at most 100 characters for the environment.';
  return errors;
}

/** The trimmed values the API receives. */
export function toWorkspaceInput(form: WorkspaceForm): WorkspaceForm {
  return { slug: form.slug.trim(), company: form.company.trim(), environment: form.environment.trim() };
}
