/**
 * Who is calling: the auth module's entry. It owns the services of sign-in and sessions, API
 * keys, users and workspaces (one file each) and authenticates requests with them. Every
 * service that changes cached data publishes the invalidation on the event bus itself, so a
 * change made anywhere (another instance, the CLI) reaches every instance.
 */
import type { EventBus } from '../events/index.js';
import type { Logger } from '../logger.js';
import type { Orm } from '../persistence/orm.js';
import { AuditService } from '../services/audit-service.js';
import { ApiKeyService } from './api-key-service.js';
import { AuthError } from './errors.js';
import { userMayActIn, type Principal, type UserInfo, type WorkspaceInfo } from './principal.js';
import { SessionService } from './session-service.js';
import { BackgroundWrites } from './shared.js';
import { UserService } from './user-service.js';
import { DEFAULT_WORKSPACE_SLUG, WorkspaceService } from './workspace-service.js';

export interface AuthServiceOptions {
  orm: Orm;
  /** Invalidations of cached keys and sessions travel on it (to every instance with Redis). */
  bus: EventBus;
  logger?: Logger;
  /** Idle lifetime of a session (sliding). */
  sessionTtlMs: number;
  /** How long an API key / workspace lookup is served from memory (sessions: 5 s at most). */
  cacheTtlMs?: number;
  /**
   * Failed sign-ins allowed per account and per address within `loginWindowMs` (counted in the
   * database, across every instance).
   */
  loginMaxFailures?: number;
  loginWindowMs?: number;
  now?: () => Date;
}

export interface AuthenticateInput {
  /** The `gk_session` cookie's value. */
  sessionToken?: string | null | undefined;
  /** The raw `Authorization` header (`Bearer gk_…`). */
  authorization?: string | null | undefined;
  /** `X-Workspace` (sessions); must match the key's own workspace for API keys. */
  workspaceSlug?: string | null | undefined;
}

export class AuthService {
  readonly sessions: SessionService;
  readonly apiKeys: ApiKeyService;
  readonly users: UserService;
  readonly workspaces: WorkspaceService;
  readonly #background: BackgroundWrites;

  constructor(opts: AuthServiceOptions) {
    const now = opts.now ?? (() => new Date());
    const cacheTtlMs = opts.cacheTtlMs ?? 30_000;
    this.#background = new BackgroundWrites(opts.logger);
    const shared = { orm: opts.orm, bus: opts.bus, background: this.#background, now };
    this.sessions = new SessionService({
      ...shared,
      logger: opts.logger,
      sessionTtlMs: opts.sessionTtlMs,
      cacheTtlMs: Math.min(cacheTtlMs, 5_000),
      loginMaxFailures: opts.loginMaxFailures ?? 10,
      loginWindowMs: opts.loginWindowMs ?? 15 * 60_000,
    });
    // Without an injected clock, Date.now: no Date per proxied request.
    // No webhooks or metrics for user and API key administration: an audit log of its own, without them.
    const audit = new AuditService();
    this.apiKeys = new ApiKeyService({ ...shared, cacheTtlMs, nowMs: opts.now ? () => now().getTime() : Date.now, audit });
    this.users = new UserService({ orm: opts.orm, sessions: this.sessions, logger: opts.logger, audit });
    this.workspaces = new WorkspaceService({ orm: opts.orm, bus: opts.bus, cacheTtlMs, now: () => now().getTime() });
  }

  /**
   * Who is calling: an API key (`Authorization: Bearer gk_…`), else a session (cookie), else
   * null (anonymous). A present but invalid API key is an error (UNAUTHENTICATED), an unknown
   * or expired session is anonymous.
   */
  async authenticate(input: AuthenticateInput): Promise<Principal | null> {
    const slug = input.workspaceSlug?.trim() || undefined;
    if (input.authorization != null && input.authorization.trim() !== '') {
      return this.apiKeys.authenticate(input.authorization, slug);
    }
    const token = input.sessionToken;
    if (token === undefined || token === null || token === '') return null;
    const session = await this.sessions.lookup(token);
    if (session === null) return null;
    const workspace = await this.#workspaceOf(session.user, slug);
    return { kind: 'user', user: session.user, workspace, sessionId: session.sessionId };
  }

  /**
   * A session's workspace: the one X-Workspace names, else "default", else (for a user limited
   * to other workspaces) the first they may act in. A workspace the user may not act in is
   * answered as one that does not exist.
   */
  async #workspaceOf(user: UserInfo, slug: string | undefined): Promise<WorkspaceInfo> {
    const fallback =
      user.workspaceSlugs === null || userMayActIn(user, DEFAULT_WORKSPACE_SLUG) ? DEFAULT_WORKSPACE_SLUG : user.workspaceSlugs[0];
    const wanted = slug ?? fallback ?? DEFAULT_WORKSPACE_SLUG;
    const workspace = userMayActIn(user, wanted) ? await this.workspaces.find(wanted) : null;
    if (workspace === null) {
      throw new AuthError('NOT_FOUND', 'The workspace named by X-Workspace does not exist.', { reason: 'UNKNOWN_WORKSPACE' });
    }
    return workspace;
  }

  /** Resolves when the background writes in flight (`lastUsedAt`, sliding expiry) are done. */
  settled(): Promise<void> {
    return this.#background.settled();
  }

  /** Stop listening for invalidations. */
  close(): void {
    this.sessions.close();
    this.apiKeys.close();
    this.workspaces.close();
  }
}
