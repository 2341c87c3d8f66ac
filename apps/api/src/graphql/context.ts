import type { EntityManager } from '@mikro-orm/core';
import type { FastifyReply } from 'fastify';
import { isAuthError, principalActor, type AuthService, type Principal } from '../auth/index.js';
import type { Orm } from '../persistence/orm.js';
import type { Actor, RequestScope, Services } from '../services/index.js';
import { ServiceError } from '../services/errors.js';

/** What mountGraphQL needs beyond the services. */
export interface GraphQLSettings {
  /** Session cookie gets `Secure` (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** Max-Age of the session cookie. */
  sessionTtlSeconds: number;
  /** Reported by `serverInfo`. */
  version: string;
}

/** The per-request context of every resolver (HTTP request or graphql-ws operation). */
export interface Context {
  principal: Principal | null;
  /** Set when the credentials were present but rejected; raised by the auth checker. */
  authError: Error | null;
  services: Services;
  auth: AuthService;
  settings: GraphQLSettings;
  /** A forked entity manager for this request (forked on first use). */
  readonly em: EntityManager;
  /** Present over HTTP (cookies are set through it); null over WebSocket. */
  http: { reply: FastifyReply; ip: string; userAgent: string | undefined } | null;
}

export interface ContextInput {
  orm: Orm;
  services: Services;
  auth: AuthService;
  settings: GraphQLSettings;
  credentials: { cookie?: string | undefined; authorization?: string | undefined; workspaceSlug?: string | undefined };
  http: Context['http'];
}

/** Authenticates and builds the context; never throws (auth problems surface per field). */
export async function buildContext(input: ContextInput): Promise<Context> {
  let principal: Principal | null = null;
  let authError: Error | null = null;
  const { cookie, authorization, workspaceSlug } = input.credentials;
  if (cookie !== undefined || authorization !== undefined) {
    try {
      principal = await input.auth.authenticate({ cookie, authorization, workspaceSlug });
    } catch (error) {
      if (!isAuthError(error)) throw error;
      authError = error;
    }
  }
  let em: EntityManager | undefined;
  const orm = input.orm;
  return {
    principal,
    authError,
    services: input.services,
    auth: input.auth,
    settings: input.settings,
    get em(): EntityManager {
      em ??= orm.em.fork();
      return em;
    },
    http: input.http,
  } satisfies Context;
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.user.id, name: principalActor(principal) }
    : { kind: 'apiKey', id: principal.apiKey.id, name: principalActor(principal) };
}

/** The workspace scope of an authenticated request (the auth checker ran before). */
export function scopeOf(ctx: Context): RequestScope {
  if (!ctx.principal) throw new ServiceError('UNAUTHENTICATED', 'Sign in or send an API key.');
  return { em: ctx.em, workspaceId: ctx.principal.workspace.id, actor: actorOf(ctx.principal) };
}
