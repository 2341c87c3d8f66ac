import { Arg, Authorized, Ctx, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { authorizationTopic, type AuthorizationChangedEvent } from '../../events/index.js';
import { scopeOf, type Context } from '../context.js';
import { guardInput } from '../input-guard.js';
import { Authorization, StartAuthorizationPayload, TokenTestResult } from '../types/authorization.js';
import type { AuthorizationStatus } from '../types/enums.js';
import type { AuthorizationView } from '../../services/index.js';

const toAuthorization = (view: AuthorizationView): Authorization => ({
  ...view,
  status: view.status as AuthorizationStatus,
});

/** The four actions of the OAuth2 Authorization Management page, its state, history and live changes. */
@Resolver(() => Authorization)
export class AuthorizationResolver {
  @Authorized('VIEWER')
  @Query(() => Authorization)
  async authorization(@Arg('connectionCode', () => String) connectionCode: string, @Ctx() ctx: Context): Promise<Authorization> {
    return toAuthorization(await ctx.services.authorizations.view(scopeOf(ctx), connectionCode));
  }

  @Authorized('OPERATOR')
  @Mutation(() => StartAuthorizationPayload)
  startAuthorization(@Arg('connectionCode', () => String) connectionCode: string, @Ctx() ctx: Context): Promise<StartAuthorizationPayload> {
    return ctx.services.authorizations.start(scopeOf(ctx), connectionCode);
  }

  @Authorized('OPERATOR')
  @Mutation(() => TokenTestResult)
  testToken(@Arg('connectionCode', () => String) connectionCode: string, @Ctx() ctx: Context): Promise<TokenTestResult> {
    return ctx.services.authorizations.test(scopeOf(ctx), connectionCode);
  }

  @Authorized('OPERATOR')
  @Mutation(() => Authorization)
  async refreshToken(@Arg('connectionCode', () => String) connectionCode: string, @Ctx() ctx: Context): Promise<Authorization> {
    return toAuthorization(await ctx.services.authorizations.refresh(scopeOf(ctx), connectionCode));
  }

  @Authorized('OPERATOR')
  @Mutation(() => Authorization)
  async revokeAuthorization(@Arg('connectionCode', () => String) connectionCode: string, @Ctx() ctx: Context): Promise<Authorization> {
    return toAuthorization(await ctx.services.authorizations.revoke(scopeOf(ctx), connectionCode));
  }

  @Authorized('VIEWER')
  @Subscription(() => Authorization, {
    description: "The new state after every change of an authorization in the caller's workspace.",
    subscribe: ({ args, context }) => {
      guardInput(args);
      const ctx = context as Context;
      const code = (args as { connectionCode?: string | null }).connectionCode ?? null;
      const workspaceId = scopeOf(ctx).workspaceId;
      return ctx.services.bus.subscribe(
        authorizationTopic(workspaceId),
        (event) => event.workspaceId === workspaceId && (code === null || event.connectionCode === code),
      );
    },
  })
  authorizationChanged(
    @Root() event: AuthorizationChangedEvent,
    @Arg('connectionCode', () => String, { nullable: true }) _connectionCode: string | null,
  ): Authorization {
    return toAuthorization(event.authorization);
  }
}
