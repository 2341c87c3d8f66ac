import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AuthError, type UserAccount, type UserAdmin } from '../../auth/index.js';
import { INSTANCE } from '../auth-checker.js';
import { actorOf, type Context } from '../context.js';
import type { Role } from '../types/enums.js';
import { CreatedUser, CreateUserInput, UpdateUserInput, User } from '../types/user.js';

/** The auth module's account → GraphQL object (the role values are the same strings). */
export const toUser = (u: UserAccount): User => ({ ...u, role: u.role as Role });

/** The admin acting and their workspace (for the audit event and the log). */
const byWhom = (ctx: Context): UserAdmin | undefined =>
  ctx.principal?.kind === 'user' ? { workspaceId: ctx.principal.workspace.id, actor: actorOf(ctx.principal) } : undefined;

/** User administration (admins of the whole instance, signed in) and a user's own password. */
@Resolver()
export class UserResolver {
  @Authorized('ADMIN', INSTANCE)
  @Query(() => [User])
  async users(@Ctx() ctx: Context): Promise<User[]> {
    return (await ctx.auth.users.list()).map(toUser);
  }

  @Authorized('ADMIN', INSTANCE)
  @Mutation(() => CreatedUser, { description: 'The one-time password is shown exactly once.' })
  async createUser(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: Context): Promise<CreatedUser> {
    const created = await ctx.auth.users.createWithOneTimePassword(
      {
        email: input.email,
        displayName: input.displayName,
        role: input.role,
        workspaceSlugs: input.workspaceSlugs ?? null,
      },
      byWhom(ctx),
    );
    return { user: toUser(created.user), oneTimePassword: created.oneTimePassword };
  }

  @Authorized('ADMIN', INSTANCE)
  @Mutation(() => User, {
    description: 'The last active ADMIN cannot be demoted or disabled (CONFLICT).',
  })
  async updateUser(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateUserInput) input: UpdateUserInput,
    @Ctx() ctx: Context,
  ): Promise<User> {
    return toUser(await ctx.auth.users.update(id, input, byWhom(ctx)));
  }

  @Authorized('ADMIN', INSTANCE)
  @Mutation(() => CreatedUser, { description: 'A new one-time password; the user’s sessions end.' })
  async resetUserPassword(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<CreatedUser> {
    const reset = await ctx.auth.users.resetPassword(id, byWhom(ctx));
    return { user: toUser(reset.user), oneTimePassword: reset.oneTimePassword };
  }

  /** Not `@Authorized`: a user with a one-time password must reach it. */
  @Mutation(() => Boolean, {
    description: 'The signed-in user’s own password; their other sessions end.',
  })
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    if (ctx.authError) throw ctx.authError;
    const principal = ctx.principal;
    if (principal === null) throw new AuthError('UNAUTHENTICATED', 'Sign in first.', { reason: 'SESSION_REQUIRED' });
    if (principal.kind !== 'user') {
      throw new AuthError('FORBIDDEN', 'Only a signed-in user can change their password.', {
        reason: 'SESSION_REQUIRED',
      });
    }
    await ctx.auth.users.changePassword(principal.user.id, principal.sessionId, currentPassword, newPassword);
    return true;
  }
}
