import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { scopeOf, type Context } from '../context.js';
import { Authorization } from '../types/authorization.js';
import { TokenState, tokenStateOf, type TokenStateInput } from '../types/token-state.js';

/** An Authorization as the resolvers return it: the service's view, which carries these too. */
type AuthorizationRoot = Authorization & TokenStateInput;

/** The fields of Authorization that are worked out when read (contract v2, the console's needs). */
@Resolver(() => Authorization)
export class AuthorizationFieldsResolver {
  @FieldResolver(() => TokenState)
  tokenState(@Root() authorization: AuthorizationRoot): TokenState {
    return tokenStateOf(authorization, new Date());
  }

  @FieldResolver(() => Date, { nullable: true })
  async refreshFailingSince(@Root() authorization: AuthorizationRoot, @Ctx() ctx: Context): Promise<Date | null> {
    if (authorization.consecutiveRefreshFailures === 0) return null;
    return ctx.services.audit.refreshFailingSince(scopeOf(ctx), authorization.connectionCode);
  }

  @FieldResolver(() => [String])
  async requestedScopes(@Root() authorization: AuthorizationRoot, @Ctx() ctx: Context): Promise<string[]> {
    const connection = await ctx.services.connections.get(scopeOf(ctx), authorization.connectionCode);
    return connection?.oauth2?.scopes ?? [];
  }
}
