/**
 * A response cache for the polled read, in front of Apollo: other apps poll
 * `authorization(connectionCode)` and every answer is the same until the authorization changes.
 * A POST whose document is a single query selecting only `authorization` (and `__typename`)
 * is answered from memory, per workspace, after the caller has been authenticated as usual
 * (every role may read it). Entries of a workspace are dropped by the event bus whenever one of
 * its authorizations changes (in any instance), and expire after a TTL as a safety net.
 * Everything else goes through Apollo unchanged.
 */
import { Kind, parse, type DocumentNode } from 'graphql';
import type { EventBus, Unsubscribe } from '../events/index.js';
import { AuthorizationCache } from '../services/authorization-cache.js';

/** Root fields whose answers depend only on authorization views (invalidated by the bus). */
const CACHEABLE_ROOT_FIELDS = new Set(['authorization', '__typename']);
const MAX_DOCUMENTS = 500;
const MAX_QUERY_LENGTH = 4096;

export interface CachedResponse {
  body: string;
  contentType: string;
  expiresAt: number;
}

export interface ResponseCacheOptions {
  bus: EventBus;
  ttlMs?: number;
  maxEntriesPerWorkspace?: number;
}

function isCacheableDocument(document: DocumentNode): boolean {
  if (document.definitions.length !== 1) return false;
  const [operation] = document.definitions;
  if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query') return false;
  if (operation.directives?.length) return false;
  return operation.selectionSet.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD && !selection.directives?.length && CACHEABLE_ROOT_FIELDS.has(selection.name.value),
  );
}

export class ResponseCache {
  private readonly documents = new Map<string, boolean>();
  private readonly workspaces = new Map<string, Map<string, CachedResponse>>();
  private readonly generations = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly unsubscribe: Unsubscribe;

  constructor(options: ResponseCacheOptions) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntriesPerWorkspace ?? 1_000;
    this.unsubscribe = options.bus.on('cache/invalidate', (event) => {
      if (event.cache !== 'authorization') return;
      if (event.key === null) {
        for (const workspaceId of [...this.workspaces.keys()]) this.dropWorkspace(workspaceId);
        return;
      }
      this.dropWorkspace(AuthorizationCache.workspaceOf(event.key));
    });
  }

  /** Whether this document may be answered from the cache (parsed once per distinct text). */
  cacheable(query: unknown): query is string {
    if (typeof query !== 'string' || query.length > MAX_QUERY_LENGTH) return false;
    let verdict = this.documents.get(query);
    if (verdict === undefined) {
      try {
        verdict = isCacheableDocument(parse(query, { noLocation: true }));
      } catch {
        verdict = false;
      }
      if (this.documents.size >= MAX_DOCUMENTS) this.documents.clear();
      this.documents.set(query, verdict);
    }
    return verdict;
  }

  static key(accept: string | undefined, query: string, variables: unknown, operationName: unknown): string {
    return `${accept ?? ''}\n${typeof operationName === 'string' ? operationName : ''}\n${JSON.stringify(variables ?? null)}\n${query}`;
  }

  get(workspaceId: string, key: string): CachedResponse | undefined {
    const entry = this.workspaces.get(workspaceId)?.get(key);
    if (entry === undefined || entry.expiresAt <= Date.now()) return undefined;
    return entry;
  }

  /** The generation to pass back to `set` (a store is skipped when an invalidation came between). */
  generation(workspaceId: string): number {
    return this.generations.get(workspaceId) ?? 0;
  }

  set(workspaceId: string, key: string, generation: number, body: string, contentType: string): void {
    if (this.generation(workspaceId) !== generation) return;
    let entries = this.workspaces.get(workspaceId);
    if (entries === undefined) {
      entries = new Map();
      this.workspaces.set(workspaceId, entries);
    }
    if (entries.size >= this.maxEntries) entries.clear();
    entries.set(key, { body, contentType, expiresAt: Date.now() + this.ttlMs });
  }

  private dropWorkspace(workspaceId: string): void {
    this.workspaces.delete(workspaceId);
    this.generations.set(workspaceId, this.generation(workspaceId) + 1);
  }

  close(): void {
    this.unsubscribe();
    this.workspaces.clear();
    this.documents.clear();
  }
}
