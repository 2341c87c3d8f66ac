/** Roles, highest first: ADMIN > OPERATOR > VIEWER. Enforced in one place (the GraphQL layer). */
import { roles, type Role } from '../persistence/entities/index.js';
import type { Principal } from './principal.js';

export { roles, type Role };

const rank: Record<Role, number> = { ADMIN: 3, OPERATOR: 2, VIEWER: 1 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** True when `role` is at least `minimum`. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

/** The role a principal acts with (a user's own, or the API key's). */
function principalRole(principal: Principal): Role {
  return principal.kind === 'user' ? principal.user.role : principal.apiKey.role;
}

/** True when the principal may do what needs `minimum`. */
export function hasRole(principal: Principal | null | undefined, minimum: Role): boolean {
  return principal != null && roleAtLeast(principalRole(principal), minimum);
}
