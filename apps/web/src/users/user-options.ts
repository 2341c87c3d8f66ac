import type { Role } from '../gql/graphql';

/** The roles with what each may do, for the Users page's selects. */
export const roleOptions: Array<{ value: Role; label: string }> = [
  { value: 'VIEWER', label: 'Viewer: read-only' },
  { value: 'OPERATOR', label: 'Operator: authorization actions' },
  { value: 'ADMIN', label: 'Admin: everything' },
];

export function roleName(role: Role): string {
  return role.charAt(0) + role.slice(1).toLowerCase();
}

/** A user's workspace limit in words (null = every workspace). */
export function describeWorkspaces(slugs: readonly string[] | null | undefined): string {
  return slugs == null ? 'All workspaces' : slugs.join(', ');
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export interface NewUserFields {
  email: string;
  displayName: string;
}

/** One message per invalid field of the create form, in the order of the form. */
export function newUserErrors(input: NewUserFields): Partial<Record<keyof NewUserFields, string>> {
  const errors: Partial<Record<keyof NewUserFields, string>> = {};
  if (!EMAIL.test(input.email.trim())) errors.email = 'Enter an email address, e.g. name@example.com.';
  if (input.displayName.trim() === '') errors.displayName = 'Enter the name shown in the console and the history.';
  return errors;
}
