import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { notFound } from '../../services/errors.js';
import { INSTANCE } from '../auth-checker.js';
import { actorOf, scopeOf, type Context } from '../context.js';
import type { ApiKeyInfo } from '../../auth/index.js';
import type { ConnectionAccess, Role } from '../types/enums.js';
import { CreateApiKeyInput, CreateWorkspaceInput } from '../types/inputs.js';
import { ApiKey, CreatedApiKey, Workspace } from '../types/workspace.js';

/** The auth module's key info → GraphQL object (the enum values are the same strings). */
const toApiKey = (k: ApiKeyInfo): ApiKey => ({
  ...k,
  role: k.role as Role,
  connectionAccess: k.connectionAccess as ConnectionAccess,
});

@Resolver()
export class WorkspaceResolver {
  @Authorized('VIEWER')
  @Query(() => [Workspace], { description: 'Those the caller may act in.' })
  workspaces(@Ctx() ctx: Context): Promise<Workspace[]> {
    return ctx.auth.workspaces.list(ctx.principal);
  }

  @Authorized('ADMIN', INSTANCE)
  @Mutation(() => Workspace, { description: 'A signed-in admin of every workspace; API keys get FORBIDDEN.' })
  createWorkspace(@Arg('input', () => CreateWorkspaceInput) input: CreateWorkspaceInput, @Ctx() ctx: Context): Promise<Workspace> {
    return ctx.auth.workspaces.create({ slug: input.slug, company: input.company, environment: input.environment });
  }

  @Authorized('ADMIN')
  @Query(() => [ApiKey])
  async apiKeys(@Ctx() ctx: Context): Promise<ApiKey[]> {
    const keys = await ctx.auth.apiKeys.list(scopeOf(ctx).workspaceId);
    return keys.map(toApiKey);
  }

  @Authorized('ADMIN')
  @Mutation(() => CreatedApiKey, { description: 'The key is shown exactly once.' })
  async createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: Context): Promise<CreatedApiKey> {
    const scope = scopeOf(ctx);
    const actor = actorOf(ctx.principal!);
    const created = await ctx.auth.apiKeys.create(
      {
        workspaceId: scope.workspaceId,
        name: input.name,
        role: input.role,
        createdBy: actor.kind === 'user' ? actor.id : null,
        connectionAccess: input.connectionAccess ?? null,
        connectionCodes: input.connectionCodes ?? null,
        expiresAt: input.expiresAt ?? null,
      },
      actor,
    );
    return { key: created.key, apiKey: toApiKey(created.apiKey) };
  }

  @Authorized('ADMIN')
  @Mutation(() => Boolean)
  async deleteApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    const deleted = await ctx.auth.apiKeys.delete(scopeOf(ctx).workspaceId, id, actorOf(ctx.principal!));
    if (!deleted) throw notFound('No API key with this id in this workspace.');
    return true;
  }
}
