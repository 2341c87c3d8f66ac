/**
 * Workspaces: "default" always exists; users may act in every workspace (or those they are
 * limited to), API keys only in their own.
 */
import { workspaceSlugPattern } from '@grantkeeper/schema';
import { ReadCache } from '../cache/index.js';
import type { EventBus } from '../events/index.js';
import type { Orm } from '../persistence/orm.js';
import { Workspace } from '../persistence/entities/index.js';
import { AuthError } from './errors.js';
import { toWorkspaceInfo } from './mappers.js';
import { userMayActIn, type Principal, type WorkspaceInfo } from './principal.js';
import { badInput } from '../services/errors.js';
import { flushUnique } from './shared.js';

export const DEFAULT_WORKSPACE_SLUG = 'default';

export interface WorkspaceServiceOptions {
  orm: Orm;
  bus: EventBus;
  /** How long a workspace looked up by slug is served from memory. */
  cacheTtlMs: number;
  now: () => number;
}

export class WorkspaceService {
  readonly #orm: Orm;
  readonly #bySlug: ReadCache<WorkspaceInfo>;

  constructor(opts: WorkspaceServiceOptions) {
    this.#orm = opts.orm;
    this.#bySlug = new ReadCache({ name: 'workspace', bus: opts.bus, max: 1_000, ttlMs: opts.cacheTtlMs, now: opts.now });
  }

  /** The workspaces a principal may act in: every one (or those of its limit) for users, its own for an API key. */
  async list(principal?: Principal | null): Promise<WorkspaceInfo[]> {
    if (principal?.kind === 'apiKey') return [principal.workspace];
    const rows = await this.#orm.em.fork().find(Workspace, {}, { orderBy: { createdAt: 'asc', slug: 'asc' } });
    const visible = principal?.kind === 'user' ? rows.filter((w) => userMayActIn(principal.user, w.slug)) : rows;
    return visible.map(toWorkspaceInfo);
  }

  find(slug: string): Promise<WorkspaceInfo | null> {
    if (!workspaceSlugPattern.test(slug)) return Promise.resolve(null);
    return this.#bySlug.load(slug, async () => {
      const row = await this.#orm.em.fork().findOne(Workspace, { slug });
      return row === null ? null : toWorkspaceInfo(row);
    });
  }

  async exists(id: string): Promise<boolean> {
    return (await this.#orm.em.fork().count(Workspace, { id })) > 0;
  }

  async create(input: { slug: string; company: string; environment: string }): Promise<WorkspaceInfo> {
    const slug = String(input.slug ?? '').trim();
    const company = String(input.company ?? '').trim();
    const environment = String(input.environment ?? '').trim();
    if (!workspaceSlugPattern.test(slug)) {
      throw badInput('The workspace slug must be 1 to 40 lower-case letters, digits or "-".');
    }
    if (company.length === 0 || company.length > 200) throw badInput('The company must be 1 to 200 characters.');
    if (environment.length === 0 || environment.length > 100) {
      throw badInput('The environment must be 1 to 100 characters.');
    }
    const em = this.#orm.em.fork();
    const conflict = `A workspace with the slug "${slug}" already exists.`;
    if ((await em.count(Workspace, { slug })) > 0) throw new AuthError('CONFLICT', conflict, { reason: 'ALREADY_EXISTS' });
    const row = em.create(Workspace, { slug, company, environment });
    await flushUnique(em, conflict);
    return toWorkspaceInfo(row);
  }

  /** Create the "default" workspace when it is missing (idempotent, safe across processes). */
  async ensureDefault(): Promise<WorkspaceInfo> {
    const existing = await this.find(DEFAULT_WORKSPACE_SLUG);
    if (existing !== null) return existing;
    try {
      return await this.create({ slug: DEFAULT_WORKSPACE_SLUG, company: 'Default', environment: 'production' });
    } catch (err) {
      const again = await this.find(DEFAULT_WORKSPACE_SLUG);
      if (again !== null) return again;
      throw err;
    }
  }

  close(): void {
    this.#bySlug.close();
  }
}
