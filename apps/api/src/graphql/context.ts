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
  /** When the request arrived (over WebSocket: when the operation was received). */
  readonly receivedAt: Date;
  /** Present over HTTP (cookies are set through it); null over WebSocket. */
  http: { reply: FastifyReply; ip: string; userAgent: string | undefined } | null;
  /** Set by Apollo (responseCachePlugin) when the answer may be served to the workspace again. */
  readonly response: { cacheable: boolean };
}

export interface ContextInput {
  orm: Orm;
  services: Services;
  auth: AuthService;
  settings: GraphQLSettings;
  credentials: { sessionToken?: string | undefined; authorization?: string | undefined; workspaceSlug?: string | undefined };
  http: Context['http'];
  /** When the request arrived; default now. */
  receivedAt?: Date | undefined;
}

/**
 * The context object. `em` is a prototype getter so that Apollo's per-operation clone of the
 * context (`Object.assign`) does not fork an entity manager for requests that never use one
 * (the cached `authorization` poll).
 */
class RequestContext implements Context {
  protected forkedEm: EntityManager | undefined;
  readonly response = { cacheable: false };

  constructor(
    readonly principal: Principal | null,
    readonly authError: Error | null,
    readonly services: Services,
    readonly auth: AuthService,
    readonly settings: GraphQLSettings,
    readonly http: Context['http'],
    protected readonly orm: Orm,
    readonly receivedAt: Date,
  ) {}

  get em(): EntityManager {
    this.forkedEm ??= this.orm.em.fork();
    return this.forkedEm;
  }
}

export function createContext(input: Omit<ContextInput, 'credentials'>, principal: Principal | null, authError: Error | null): Context {
  const { services, auth, settings, http, orm } = input;
  return new RequestContext(principal, authError, services, auth, settings, http, orm, input.receivedAt ?? new Date()) satisfies Context;
}

/** Authenticates and builds the context; never throws for bad credentials (they surface per field). */
export async function buildContext(input: ContextInput): Promise<Context> {
  let principal: Principal | null = null;
  let authError: Error | null = null;
  const { sessionToken, authorization, workspaceSlug } = input.credentials;
  if (sessionToken !== undefined || authorization !== undefined) {
    try {
      principal = await input.auth.authenticate({ sessionToken, authorization, workspaceSlug });
    } catch (error) {
      if (!isAuthError(error)) throw error;
      authError = error;
    }
  }
  return createContext(input, principal, authError);
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user'
    ? { kind: 'user', id: principal.user.id, name: principalActor(principal) }
    : { kind: 'apiKey', id: principal.apiKey.id, name: principalActor(principal) };
}

/** The workspace scope of an authenticated request (the auth checker ran before). */
export function scopeOf(ctx: Context): RequestScope {
  if (!ctx.principal) throw new ServiceError('UNAUTHENTICATED', 'Sign in or send an API key.');
  return {
    // Forked on first use only: cache hits never touch the database.
    get em() {
      return ctx.em;
    },
    workspaceId: ctx.principal.workspace.id,
    actor: actorOf(ctx.principal),
    requestedAt: ctx.receivedAt,
  };
}
