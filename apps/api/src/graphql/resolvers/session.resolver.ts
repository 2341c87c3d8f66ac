import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { ServiceError } from '../../services/errors.js';
import type { Context } from '../context.js';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.js';
import { User } from '../types/user.js';
import { toUser } from './user.resolver.js';

@Resolver()
export class SessionResolver {
  @Query(() => User, { nullable: true, description: 'Null when not signed in (or calling with an API key).' })
  async me(@Ctx() ctx: Context): Promise<User | null> {
    if (ctx.principal?.kind !== 'user') return null;
    const account = await ctx.auth.users.account(ctx.principal.user.id);
    return account === null ? null : toUser(account);
  }

  @Mutation(() => User, { description: 'Sets the session cookie.' })
  async login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() ctx: Context,
  ): Promise<User> {
    if (!ctx.http) throw new ServiceError('BAD_USER_INPUT', 'Sign in over HTTP, not over a WebSocket.');
    const result = await ctx.auth.sessions.login(email, password, ctx.http.ip, ctx.http.userAgent);
    const maxAge = Math.round((result.expiresAt.getTime() - Date.now()) / 1000);
    setSessionCookie(ctx.http.reply, result.token, maxAge, ctx.settings.secureCookies);
    return toUser(result.user);
  }

  @Mutation(() => Boolean)
  async logout(@Ctx() ctx: Context): Promise<boolean> {
    if (ctx.principal?.kind === 'user') {
      // Live sockets opened with this session close on every instance.
      await ctx.auth.sessions.logout(ctx.principal.sessionId);
    }
    if (ctx.http) clearSessionCookie(ctx.http.reply, ctx.settings.secureCookies);
    return true;
  }
}
