import type { GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/index.js';
import type { Role } from '../auth/roles.js';
import { authChecker, INSTANCE, type AuthRequirement } from './auth-checker.js';
import type { Context } from './context.js';

const workspace = { id: 'w', slug: 'default', company: 'C', environment: 'prod' };
const ROLES: Role[] = ['ADMIN', 'OPERATOR', 'VIEWER'];
const RANK: Record<Role, number> = { ADMIN: 3, OPERATOR: 2, VIEWER: 1 };

const principals: Record<Principal['kind'], (role: Role) => Principal> = {
  user: (role) => ({
    kind: 'user',
    user: { id: 'u', email: 'u@example.test', displayName: 'U', role, workspaceSlugs: null, mustChangePassword: false },
    workspace,
    sessionId: 's',
  }),
  apiKey: (role) => ({
    kind: 'apiKey',
    apiKey: { id: 'k', name: 'app', role, connectionAccess: 'NONE', connectionCodes: null },
    workspace,
  }),
};

/** Calls the checker as type-graphql does for a field marked `@Authorized(...roles)`. */
function check(context: Pick<Context, 'principal' | 'authError'>, roles: AuthRequirement[]): unknown {
  return authChecker({ context: context as Context, root: {}, args: {}, info: {} as GraphQLResolveInfo }, roles);
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the auth checker to throw');
}

describe('authChecker', () => {
  for (const kind of ['user', 'apiKey'] as const) {
    for (const role of ROLES) {
      for (const minimum of ROLES) {
        const allowed = RANK[role] >= RANK[minimum];
        const title = allowed ? `lets a ${role} ${kind} do` : `refuses a ${role} ${kind}`;
        it(`${title} what needs ${minimum}`, () => {
          const context = { principal: principals[kind](role), authError: null };
          if (allowed) {
            expect(check(context, [minimum])).toBe(true);
          } else {
            expect(thrown(() => check(context, [minimum]))).toMatchObject({
              message: `This action needs the ${minimum} role or higher.`,
              extensions: { code: 'FORBIDDEN' },
            });
          }
        });
      }

      it(`lets a ${role} ${kind} do what needs no particular role (VIEWER)`, () => {
        expect(check({ principal: principals[kind](role), authError: null }, [])).toBe(true);
      });
    }
  }

  it('refuses a caller without credentials as UNAUTHENTICATED, whatever the role asked', () => {
    for (const roles of [[], ['VIEWER'], ['ADMIN']] as Role[][]) {
      expect(thrown(() => check({ principal: null, authError: null }, roles))).toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
  });

  it('raises the rejection of credentials that were sent but refused, as it was', () => {
    // Context.authError holds whatever authenticate() rejected with (an AuthError in the app).
    const rejected = new Error('The API key is not valid.');
    expect(thrown(() => check({ principal: null, authError: rejected }, ['VIEWER']))).toBe(rejected);
    const stillRejected = { principal: principals.user('ADMIN'), authError: rejected };
    expect(thrown(() => check(stillRejected, ['VIEWER']))).toBe(rejected);
  });

  it('lets only a signed-in admin of every workspace do what concerns the whole instance (INSTANCE)', () => {
    expect(check({ principal: principals.user('ADMIN'), authError: null }, ['ADMIN', INSTANCE])).toBe(true);
    expect(thrown(() => check({ principal: principals.apiKey('ADMIN'), authError: null }, ['ADMIN', INSTANCE]))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'SESSION_REQUIRED',
    });
    const limited = principals.user('ADMIN');
    if (limited.kind === 'user') limited.user.workspaceSlugs = ['default'];
    expect(thrown(() => check({ principal: limited, authError: null }, ['ADMIN', INSTANCE]))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'WORKSPACE_LIMITED',
    });
    expect(thrown(() => check({ principal: principals.user('OPERATOR'), authError: null }, ['ADMIN', INSTANCE]))).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('refuses everything to a user who must change their one-time password first', () => {
    const pending = principals.user('ADMIN');
    if (pending.kind === 'user') pending.user.mustChangePassword = true;
    expect(thrown(() => check({ principal: pending, authError: null }, ['VIEWER']))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PASSWORD_CHANGE_REQUIRED',
    });
  });
});
