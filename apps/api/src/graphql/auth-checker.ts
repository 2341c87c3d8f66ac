/**
 * The one place roles are enforced: type-graphql calls this for every operation marked
 * `@Authorized(<minimum role>)`. ADMIN > OPERATOR > VIEWER. Operations of the whole instance
 * (users, workspaces) add `INSTANCE`: they need a signed-in user who may act in every workspace,
 * never an API key (bound to one workspace). A user signed in with a one-time password may do
 * nothing that is checked here until they change it (`changePassword` is not).
 */
import { GraphQLError } from 'graphql';
import type { AuthCheckerFn } from 'type-graphql';
import { AuthError, hasRole, type Principal, type Role } from '../auth/index.js';
import type { Context } from './context.js';

/** `@Authorized('ADMIN', INSTANCE)`: an operation not scoped to one workspace. */
export const INSTANCE = 'INSTANCE';
export type AuthRequirement = Role | typeof INSTANCE;

export const authChecker: AuthCheckerFn<Context, AuthRequirement> = ({ context }, requirements) => {
  if (context.authError) throw context.authError;
  const principal = context.principal;
  if (!principal) {
    throw new GraphQLError('Sign in or send an API key ("Authorization: Bearer <key>").', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  if (principal.kind === 'user' && principal.user.mustChangePassword) {
    throw new AuthError('FORBIDDEN', 'Change your one-time password first.', { reason: 'PASSWORD_CHANGE_REQUIRED' });
  }
  const minimum = requirements.find((r): r is Role => r !== INSTANCE) ?? 'VIEWER';
  if (!hasRole(principal, minimum)) {
    throw new GraphQLError(`This action needs the ${minimum} role or higher.`, {
      extensions: { code: 'FORBIDDEN' },
    });
  }
  if (requirements.includes(INSTANCE)) requireInstanceUser(principal);
  return true;
};

function requireInstanceUser(principal: Principal): void {
  if (principal.kind === 'apiKey') {
    throw new AuthError('FORBIDDEN', 'This action concerns the whole instance: sign in, API keys are bound to their workspace.', {
      reason: 'SESSION_REQUIRED',
    });
  }
  if (principal.user.workspaceSlugs !== null) {
    throw new AuthError('FORBIDDEN', 'This action concerns the whole instance: it needs a user of every workspace.', {
      reason: 'WORKSPACE_LIMITED',
    });
  }
}

/** Whether `@Authorized('ADMIN', INSTANCE)` would let this caller through (e.g. to read what it guards). */
export function isInstanceAdmin(principal: Principal | null): boolean {
  return (
    principal?.kind === 'user' &&
    principal.user.workspaceSlugs === null &&
    !principal.user.mustChangePassword &&
    hasRole(principal, 'ADMIN')
  );
}
