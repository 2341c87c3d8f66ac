import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { mayUseConnection } from '../../auth/index.js';
import { issueAccessToken, ServiceError } from '../../services/index.js';
import { sendTestRequest } from '../../proxy/test-request.js';
import { scopeOf, type Context } from '../context.js';
import { AccessToken, HttpHeaderInput, TestRequestResult } from '../types/outbound.js';

/** Outbound calls over GraphQL: token access for integrations, and the console's test request. */
@Resolver()
export class OutboundResolver {
  @Authorized('VIEWER')
  @Query(() => AccessToken, {
    description:
      'Only for an API key with connectionAccess TOKEN covering this connection, on a connection with allowTokenAccess; FORBIDDEN otherwise (always for console sessions). Audited as TOKEN_ISSUED.',
  })
  accessToken(@Arg('connectionCode', () => String) connectionCode: string, @Ctx() ctx: Context): Promise<AccessToken> {
    if (!mayUseConnection(ctx.principal, connectionCode, 'TOKEN')) {
      throw new ServiceError(
        'FORBIDDEN',
        `Only an API key with connectionAccess TOKEN covering ${connectionCode} may read its access token.`,
      );
    }
    return issueAccessToken({ credentials: ctx.services.outboundCredentials, audit: ctx.services.audit }, scopeOf(ctx), connectionCode);
  }

  @Authorized('OPERATOR')
  @Mutation(() => TestRequestResult, {
    description: 'Sends one request through the proxy path of this connection, from the server; the credentials are never returned.',
  })
  sendTestRequest(
    @Arg('connectionCode', () => String) connectionCode: string,
    @Arg('method', () => String, { defaultValue: 'GET' }) method: string,
    @Arg('path', () => String) path: string,
    @Arg('body', () => String, { nullable: true }) body: string | null,
    @Ctx() ctx: Context,
    @Arg('headers', () => [HttpHeaderInput], {
      nullable: true,
      description: 'Extra request headers; those the proxy never forwards (authorization, cookie, host, hop-by-hop) are refused.',
    })
    headers?: HttpHeaderInput[] | null,
  ): Promise<TestRequestResult> {
    const outbound = ctx.services.outbound;
    if (!outbound) throw new ServiceError('INTERNAL_SERVER_ERROR', 'Outbound requests are not configured on this server.');
    return sendTestRequest(
      { dispatcher: outbound.dispatcher, timeoutMs: outbound.timeoutMs, credentials: ctx.services.outboundCredentials },
      scopeOf(ctx),
      connectionCode,
      { method, path, body, headers },
    );
  }
}
