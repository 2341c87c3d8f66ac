/**
 * GET /oauth/callback: the provider's redirect after consent (RFC 6749 §4.1.2). Completes the
 * flow through oauth-core (single-use state, PKCE, `iss` check, code exchange) and sends the
 * browser back to the console with the outcome. Nothing is stored on failure; the query string
 * (code, state) is never logged by this handler.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 * @see https://www.rfc-editor.org/rfc/rfc9207
 */
import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE, type AuthService } from '../auth/index.js';
import type { Orm } from '../persistence/orm.js';
import type { Services } from '../services/index.js';

export interface OAuthCallbackDeps {
  orm: Orm;
  services: Services;
  auth: AuthService;
  /** PUBLIC_URL without a trailing slash: the console lives there. */
  publicUrl: string;
}

const MAX_MESSAGE = 500;

export function registerOAuthCallback(fastify: FastifyInstance, deps: OAuthCallbackDeps): void {
  fastify.get('/oauth/callback', async (request, reply) => {
    // The browser's session, when it carries one: the flow must be completed by its initiator.
    let currentUserId: string | null = null;
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (sessionToken) {
      try {
        const principal = await deps.auth.authenticate({ sessionToken });
        if (principal?.kind === 'user') currentUserId = principal.user.id;
      } catch {
        currentUserId = null;
      }
    }
    const callbackUrl = new URL(request.url, deps.publicUrl).href;
    const outcome = await deps.services.authorizations.complete(deps.orm.em.fork(), callbackUrl, currentUserId);

    let target: string;
    if (outcome.ok) {
      target = `${deps.publicUrl}/connections/${encodeURIComponent(outcome.connectionCode)}/authorization?result=authorized`;
    } else {
      const query = new URLSearchParams({
        result: 'error',
        reason: outcome.reason,
        message: outcome.message.slice(0, MAX_MESSAGE),
      }).toString();
      target =
        outcome.connectionCode !== null
          ? `${deps.publicUrl}/connections/${encodeURIComponent(outcome.connectionCode)}/authorization?${query}`
          : `${deps.publicUrl}/authorization-result?${query}`;
    }
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(target, 302);
  });
}
