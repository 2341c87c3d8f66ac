/** What the console checks before asking the server to change a password (the server checks again). */
export const MIN_PASSWORD_LENGTH = 8;

export type PasswordField = 'current' | 'next' | 'confirm';

export interface PasswordInput {
  current: string;
  next: string;
  confirm: string;
}

/** One message per invalid field, in the order of the form. */
export function passwordErrors(input: PasswordInput): Partial<Record<PasswordField, string>> {
  const errors: Partial<Record<PasswordField, string>> = {};
  if (input.current === '') errors.current = 'Enter your current password.';
  if (input.next.length < MIN_PASSWORD_LENGTH) {
    errors.next = `Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`;
  } else if (input.next === input.current) {
    errors.next = 'Choose a new password that differs from the current one.';
  }
  if (input.confirm !== input.next) errors.confirm = 'The two new passwords differ.';
  return errors;
}
