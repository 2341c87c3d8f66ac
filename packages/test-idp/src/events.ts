import type Provider from 'oidc-provider';
import type { Counters } from './counters.js';
import { ROUTES } from './routes.js';
import type { RuntimeState } from './runtime-state.js';

type Middleware = Parameters<Provider['use']>[0];
type OidcCtx = { oidc?: { params?: { grant_type?: unknown } } };

/** oidc-provider's description when a rotated (consumed) refresh token is presented again. */
const REFRESH_TOKEN_REUSE = 'refresh token already used';

/**
 * Token endpoint counters from provider events. oidc-provider has no dedicated reuse event:
 * lib/actions/grants/refresh_token.js destroys the token, revokes the grant (`grant.revoked`)
 * and throws InvalidGrant('refresh token already used') — its `error_detail`, seen here in `grant.error`.
 */
export function wireProviderEvents(provider: Provider, counters: Counters, state: RuntimeState): void {
  provider.on('grant.success', (ctx) => {
    const grantType = grantTypeOf(ctx);
    counters.tokenRequest(grantType);
    counters.tokenSuccess(grantType);
    state.log(`token: ${grantType} granted`);
  });
  provider.on('grant.error', (ctx, err) => {
    const e = err as { error?: string; error_description?: string; error_detail?: string };
    const grantType = grantTypeOf(ctx);
    counters.tokenRequest(grantType);
    counters.error(e.error ?? 'server_error');
    if (e.error === 'invalid_grant' && e.error_detail === REFRESH_TOKEN_REUSE) {
      counters.refreshTokenReuse();
      state.log('token: refresh token reuse detected, grant revoked');
    } else {
      state.log(`token: ${grantType} failed with ${e.error ?? 'server_error'}${e.error_detail ? ` (${e.error_detail})` : ''}`);
    }
  });
  provider.on('grant.revoked', () => {
    counters.grantRevoked();
  });
  provider.on('server_error', (_ctx, err) => {
    state.log(`server_error: ${err.message}`);
  });
}

/** Counts successful revocation (RFC 7009) and introspection (RFC 7662) calls: oidc-provider emits no success events for them. */
export function endpointCountersMiddleware(counters: Counters): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.method !== 'POST' || ctx.status !== 200) return;
    if (ctx.path === ROUTES.revocation) counters.revocation();
    else if (ctx.path === ROUTES.introspection) counters.introspection();
  };
}

function grantTypeOf(ctx: unknown): string {
  const grantType = (ctx as OidcCtx).oidc?.params?.grant_type;
  return typeof grantType === 'string' ? grantType : 'unknown';
}
