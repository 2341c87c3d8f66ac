/** Roles, highest first: ADMIN > OPERATOR > VIEWER. Enforced in one place (the GraphQL layer). */
import { roleAtLeast, roles, type Role } from '@grantkeeper/schema';
import type { Principal } from './principal.js';

export { roleAtLeast, roles, type Role };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** The role a principal acts with (a user's own, or the API key's). */
function principalRole(principal: Principal): Role {
  return principal.kind === 'user' ? principal.user.role : principal.apiKey.role;
}

/** True when the principal may do what needs `minimum`. */
export function hasRole(principal: Principal | null | undefined, minimum: Role): boolean {
  return principal != null && roleAtLeast(principalRole(principal), minimum);
}
