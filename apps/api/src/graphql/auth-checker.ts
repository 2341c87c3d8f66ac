/**
 * The one place roles are enforced: type-graphql calls this for every operation marked
 * `@Authorized(<minimum role>)`. ADMIN > OPERATOR > VIEWER.
 */
import { GraphQLError } from 'graphql';
import type { AuthCheckerFn } from 'type-graphql';
import { hasRole, type Role } from '../auth/index.js';
import type { Context } from './context.js';

export const authChecker: AuthCheckerFn<Context, Role> = ({ context }, roles) => {
  if (context.authError) throw context.authError;
  if (!context.principal) {
    throw new GraphQLError('Sign in or send an API key ("Authorization: Bearer <key>").', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  const minimum = roles[0] ?? 'VIEWER';
  if (!hasRole(context.principal, minimum)) {
    throw new GraphQLError(`This action needs the ${minimum} role or higher.`, {
      extensions: { code: 'FORBIDDEN' },
    });
  }
  return true;
};
