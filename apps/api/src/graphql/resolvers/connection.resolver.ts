import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ConnectionView } from '../../services/index.js';
import { scopeOf, type Context } from '../context.js';
import { Authorization } from '../types/authorization.js';
import { ClientCredentialsTokenState, Connection } from '../types/connection.js';
import { CreateConnectionInput, UpdateConnectionInput } from '../types/inputs.js';
import { toConnection, toOAuth2SettingsInput } from './mappers.js';

@Resolver(() => Connection)
export class ConnectionResolver {
  @Authorized('VIEWER')
  @Query(() => [Connection])
  async connections(@Ctx() ctx: Context): Promise<Connection[]> {
    return (await ctx.services.connections.list(scopeOf(ctx))).map(toConnection);
  }

  @Authorized('VIEWER')
  @Query(() => Connection, { nullable: true })
  async connection(@Arg('code', () => String) code: string, @Ctx() ctx: Context): Promise<Connection | null> {
    const view = await ctx.services.connections.get(scopeOf(ctx), code);
    return view ? toConnection(view) : null;
  }

  @FieldResolver(() => Authorization, { nullable: true })
  authorization(@Root() connection: Connection & Pick<ConnectionView, 'authenticationType'>, @Ctx() ctx: Context) {
    return ctx.services.authorizations.viewOfConnection(scopeOf(ctx), connection);
  }

  @FieldResolver(() => ClientCredentialsTokenState, {
    nullable: true,
    description:
      'Null unless OAUTH2_CLIENT_CREDENTIALS: the token shared by every instance (a Test Token or the first proxied request fetches one).',
  })
  async clientCredentialsToken(@Root() connection: Connection, @Ctx() ctx: Context): Promise<ClientCredentialsTokenState | null> {
    if (connection.authenticationType !== 'OAUTH2_CLIENT_CREDENTIALS') return null;
    return ctx.services.clientCredentials.state(connection);
  }

  @Authorized('ADMIN')
  @Mutation(() => Connection)
  async createConnection(
    @Arg('input', () => CreateConnectionInput) input: CreateConnectionInput,
    @Ctx() ctx: Context,
  ): Promise<Connection> {
    const view = await ctx.services.connections.create(scopeOf(ctx), {
      code: input.code,
      name: input.name,
      baseUrl: input.baseUrl ?? null,
      authenticationType: input.authenticationType,
      oauth2: input.oauth2 ? toOAuth2SettingsInput(input.oauth2) : null,
      credentials: input.credentials ?? null,
      allowTokenAccess: input.allowTokenAccess ?? false,
    });
    return toConnection(view);
  }

  @Authorized('ADMIN')
  @Mutation(() => Connection)
  async updateConnection(
    @Arg('code', () => String) code: string,
    @Arg('input', () => UpdateConnectionInput) input: UpdateConnectionInput,
    @Ctx() ctx: Context,
  ): Promise<Connection> {
    const view = await ctx.services.connections.update(scopeOf(ctx), code, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.baseUrl !== undefined ? { baseUrl: input.baseUrl } : {}),
      oauth2: input.oauth2 ? toOAuth2SettingsInput(input.oauth2) : null,
      credentials: input.credentials ?? null,
      allowTokenAccess: input.allowTokenAccess ?? null,
    });
    return toConnection(view);
  }

  @Authorized('ADMIN')
  @Mutation(() => Boolean, { description: 'Also revokes and clears its tokens.' })
  deleteConnection(@Arg('code', () => String) code: string, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.services.connections.delete(scopeOf(ctx), code);
  }
}
