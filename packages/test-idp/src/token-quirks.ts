import type Provider from 'oidc-provider';
import type { Counters } from './counters.js';
import { ROUTES } from './routes.js';
import type { RuntimeState } from './runtime-state.js';
import type { TokenQuirks } from './types.js';

type Middleware = Parameters<Provider['use']>[0];
type KoaContext = Parameters<Middleware>[0];

/**
 * Koa middleware around the token endpoint that applies the configured {@link TokenQuirks}
 * to real HTTP responses (RFC 6749 §5.1 / §5.2 deviations seen at real providers).
 *
 * Refresh quirks that answer without the engine (`errorIn200OnRefresh`, `failRefreshWith`)
 * short-circuit before oidc-provider sees the request, so the refresh token is not consumed.
 */
export function tokenQuirksMiddleware(state: RuntimeState, counters: Counters): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== ROUTES.token) {
      await next();
      return;
    }
    const quirks = state.quirks;
    const answersRefresh = quirks.errorIn200OnRefresh !== undefined || quirks.failRefreshWith !== undefined;
    if (answersRefresh || quirks.holdRefresh) {
      const raw = await readRawBody(ctx);
      // oidc-provider reads an already consumed body from req.body.
      (ctx.req as typeof ctx.req & { body?: string }).body = raw;
      if (new URLSearchParams(raw).get('grant_type') === 'refresh_token') {
        await quirks.holdRefresh;
        if (answersRefresh) {
          answerRefreshQuirk(ctx, quirks, counters);
          return;
        }
      }
    }
    await next();
    if (ctx.status !== 200 || !isRecord(ctx.body) || typeof ctx.body.access_token !== 'string') return;
    const grantType = (ctx as KoaContext & { oidc?: { params?: { grant_type?: unknown } } }).oidc?.params?.grant_type;
    ctx.body = applyResponseQuirks(ctx.body, quirks, grantType === 'refresh_token');
  };
}

function answerRefreshQuirk(ctx: KoaContext, quirks: TokenQuirks, counters: Counters): void {
  counters.tokenRequest('refresh_token');
  ctx.set('Cache-Control', 'no-store');
  if (quirks.failRefreshWith) {
    const { status, retryAfterSeconds } = quirks.failRefreshWith;
    counters.error('temporarily_unavailable');
    ctx.status = status;
    if (retryAfterSeconds !== undefined) ctx.set('Retry-After', String(retryAfterSeconds));
    ctx.body = {
      error: 'temporarily_unavailable',
      error_description: `test-idp quirk: refresh answered with HTTP ${status}`,
    };
    return;
  }
  const error = quirks.errorIn200OnRefresh ?? 'invalid_grant';
  counters.error(error);
  ctx.status = 200;
  ctx.body = { error, error_description: 'test-idp quirk: error inside an HTTP 200 body' };
}

/** Rewrites a successful token response body according to the quirks. */
export function applyResponseQuirks(body: Record<string, unknown>, quirks: TokenQuirks, isRefresh: boolean): Record<string, unknown> {
  const out = { ...body };
  if (quirks.tokenTypeCase && typeof out.token_type === 'string') {
    const t = out.token_type;
    out.token_type =
      quirks.tokenTypeCase === 'upper'
        ? t.toUpperCase()
        : quirks.tokenTypeCase === 'lower'
          ? t.toLowerCase()
          : [...t].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c.toLowerCase())).join('');
  }
  if (quirks.expiresInAs === 'string' && out.expires_in !== undefined) out.expires_in = String(out.expires_in);
  if (quirks.expiresInAs === 'missing') delete out.expires_in;
  if (quirks.omitRefreshTokenOnRefresh && isRefresh) delete out.refresh_token;
  if (quirks.refreshTokenExpiresIn !== undefined && out.refresh_token !== undefined) {
    out.refresh_token_expires_in = quirks.refreshTokenExpiresIn;
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a small request body (the token endpoint only takes forms). */
export async function readRawBody(ctx: KoaContext, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) ctx.throw(413, 'request entity too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}
