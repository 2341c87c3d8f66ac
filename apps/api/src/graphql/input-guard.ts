/**
 * A global guard on every argument (type-graphql `validateFn`, so every string argument and
 * every field of every input object, however nested): oversized strings and lists, and strings
 * with control characters (NUL and the other C0 controls except tab, line feed and carriage
 * return, DEL, and the C1 controls), are BAD_USER_INPUT before any service or the database
 * sees them. Field-specific rules live in the services.
 */
import type { ValidatorFn } from 'type-graphql';
import { ServiceError } from '../services/errors.js';

export const MAX_STRING_LENGTH = 8_192;
export const MAX_LIST_LENGTH = 200;
const MAX_DEPTH = 6;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function check(value: unknown, depth: number): void {
  if (typeof value === 'string') {
    if (value.length > MAX_STRING_LENGTH) {
      throw new ServiceError('BAD_USER_INPUT', `A text value is too long (at most ${MAX_STRING_LENGTH} characters).`);
    }
    if (CONTROL_CHARACTER.test(value)) {
      throw new ServiceError('BAD_USER_INPUT', 'A text value contains a control character (such as NUL).');
    }
    return;
  }
  if (value === null || typeof value !== 'object' || value instanceof Date) return;
  if (depth > MAX_DEPTH) throw new ServiceError('BAD_USER_INPUT', 'The input is nested too deeply.');
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST_LENGTH) {
      throw new ServiceError('BAD_USER_INPUT', `A list is too long (at most ${MAX_LIST_LENGTH} entries).`);
    }
    for (const item of value) check(item, depth + 1);
    return;
  }
  for (const item of Object.values(value)) check(item, depth + 1);
}

/** Throws BAD_USER_INPUT when any string, list or object in `value` breaks the rules above. */
export function guardInput(value: unknown): void {
  check(value, 0);
}

/**
 * The guard as type-graphql's global `validateFn`: it runs for the arguments of every query and
 * mutation. A `@Subscription({ subscribe })` function receives its arguments before type-graphql
 * validates anything, so it calls {@link guardInput} itself, first.
 */
export const inputGuard: ValidatorFn = (argValue) => {
  guardInput(argValue);
};
