import { discoverProvider, providerTemplates } from '@grantkeeper/oauth-core';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { validateUrl } from '../../services/validation.js';
import type { Context } from '../context.js';
import type { TokenEndpointAuthMethod } from '../types/enums.js';
import { OAuth2Discovery, ProviderTemplate } from '../types/provider-template.js';
import { ServerInfo } from '../types/workspace.js';

@Resolver()
export class ProviderResolver {
  @Authorized('VIEWER')
  @Query(() => [ProviderTemplate], { description: 'Well-known providers; URLs may contain {param} placeholders.' })
  providerTemplates(): ProviderTemplate[] {
    return providerTemplates.map((t) => ({
      id: t.id,
      name: t.name,
      issuer: t.issuer ?? null,
      authorizationEndpoint: t.authorizationEndpoint,
      tokenEndpoint: t.tokenEndpoint,
      revocationEndpoint: t.revocationEndpoint ?? null,
      scopes: [...t.scopes],
      tokenEndpointAuthMethod: t.tokenEndpointAuthMethod as TokenEndpointAuthMethod,
      extraAuthorizationParams: Object.entries(t.extraAuthorizationParams ?? {}).map(([key, value]) => ({ key, value })),
      parameters: t.parameters.map((p) => ({ name: p.name, label: p.label, example: p.example ?? null })),
      notes: [...(t.quirks.notes ?? [])],
      documentationUrl: t.documentationUrl ?? null,
    }));
  }

  @Authorized('OPERATOR')
  @Query(() => OAuth2Discovery, { description: 'RFC 8414 / OpenID discovery; BAD_USER_INPUT on failure.' })
  async discoverOAuth2(@Arg('issuer', () => String) issuer: string): Promise<OAuth2Discovery> {
    const found = await discoverProvider(validateUrl('issuer', issuer));
    return {
      issuer: found.issuer,
      authorizationEndpoint: found.authorizationEndpoint,
      tokenEndpoint: found.tokenEndpoint,
      revocationEndpoint: found.revocationEndpoint ?? null,
      scopesSupported: found.scopesSupported ?? [],
    };
  }

  @Authorized('VIEWER')
  @Query(() => ServerInfo)
  serverInfo(@Ctx() ctx: Context): ServerInfo {
    return { redirectUri: ctx.services.redirectUri, version: ctx.settings.version };
  }
}
