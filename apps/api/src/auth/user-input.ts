/** Validation of what an admin or a user types about users: email, name, password, workspaces. */
import type { EntityManager } from '@mikro-orm/core';
import { Workspace } from '../persistence/entities/index.js';
import { badInput } from '../services/errors.js';

const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,200}$/;
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 1024;
const MAX_DISPLAY_NAME = 200;

export function validEmail(value: unknown): string {
  const email = String(value ?? '')
    .trim()
    .toLowerCase();
  if (!EMAIL.test(email)) throw badInput('The email address is not valid.');
  return email;
}

/** The display name, or `fallback` when blank. */
export function validDisplayName(value: unknown, fallback: string): string {
  const name = String(value ?? '').trim() || fallback;
  if (name.length > MAX_DISPLAY_NAME) {
    throw badInput(`The display name is too long (${MAX_DISPLAY_NAME} characters at most).`);
  }
  return name;
}

export function validPassword(value: unknown): string {
  if (typeof value !== 'string' || value.length < MIN_PASSWORD_LENGTH) {
    throw badInput(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  if (value.length > MAX_PASSWORD_LENGTH) throw badInput('The password is too long.');
  return value;
}

/**
 * A workspace limit: null (every workspace), or a non-empty list of existing workspace slugs
 * (duplicates dropped, order kept).
 */
export async function validWorkspaceSlugs(em: EntityManager, value: readonly string[] | null): Promise<string[] | null> {
  if (value === null) return null;
  const slugs = [...new Set(value.map((slug) => String(slug).trim()))];
  if (slugs.length === 0) {
    throw badInput('Name at least one workspace, or none at all for every workspace.');
  }
  const found = new Set((await em.find(Workspace, { slug: { $in: slugs } }, { fields: ['slug'] })).map((w) => w.slug));
  const unknown = slugs.filter((slug) => !found.has(slug));
  if (unknown.length > 0) throw badInput(`There is no workspace "${unknown[0]}".`);
  return slugs;
}
