/**
 * A response cache for the polled read, in front of Apollo: other apps poll
 * `authorization(connectionCode)` and every answer is the same until the authorization changes.
 *
 * - Lookup (before Apollo, after the caller was authenticated as usual): by workspace and the
 *   request's query text, variables, operation name and Accept header; no parsing on a hit.
 * - Store: Apollo decides, through {@link responseCachePlugin}: a query whose root fields are
 *   all `authorization` (or `__typename`) answered without errors marks its context cacheable.
 * - Invalidation: when an `authorization` key of a workspace is invalidated (in any instance),
 *   the workspace's generation moves on and its old answers are unreachable; they leave by LRU
 *   or TTL.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { onInvalidation, workspaceOfAuthorizationKey } from '../cache/index.js';
import type { EventBus, Unsubscribe } from '../events/index.js';
import type { Context } from './context.js';

/** Root fields whose answers depend only on authorization views (invalidated by the bus). */
const CACHEABLE_ROOT_FIELDS = new Set(['authorization', '__typename']);

export interface CachedResponse {
  body: string;
  contentType: string;
}

export interface ResponseCacheOptions {
  bus: EventBus;
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/** What identifies one answer within a workspace. */
export interface CacheableRequest {
  accept: string | undefined;
  query: unknown;
  variables: unknown;
  operationName: unknown;
}

export class ResponseCache {
  readonly #entries: LRUCache<string, CachedResponse>;
  readonly #generations = new Map<string, number>();
  #epoch = 0;
  readonly #unsubscribe: Unsubscribe;

  constructor(options: ResponseCacheOptions) {
    const clock = options.now;
    this.#entries = new LRUCache<string, CachedResponse>({
      max: options.maxEntries ?? 10_000,
      ttl: options.ttlMs ?? 60_000,
      ...(clock ? { perf: { now: clock }, ttlResolution: 0 } : {}),
    });
    this.#unsubscribe = onInvalidation(options.bus, 'authorization', (key) => {
      if (key === null) this.#epoch += 1;
      else {
        const workspaceId = workspaceOfAuthorizationKey(key);
        this.#generations.set(workspaceId, (this.#generations.get(workspaceId) ?? 0) + 1);
      }
    });
  }

  /**
   * The key of one answer in its workspace as it is now: an answer stored under it after an
   * invalidation is never read.
   */
  key(workspaceId: string, request: CacheableRequest): string | undefined {
    if (typeof request.query !== 'string') return undefined;
    const operationName = typeof request.operationName === 'string' ? request.operationName : '';
    const generation = `${this.#epoch}.${this.#generations.get(workspaceId) ?? 0}`;
    return `${workspaceId}\n${generation}\n${request.accept ?? ''}\n${operationName}\n${JSON.stringify(request.variables ?? null)}\n${request.query}`;
  }

  get(key: string): CachedResponse | undefined {
    return this.#entries.get(key);
  }

  set(key: string, response: CachedResponse): void {
    this.#entries.set(key, response);
  }

  close(): void {
    this.#unsubscribe();
    this.#entries.clear();
  }
}

/** A single query whose root selections are all cacheable fields, without directives. */
export function isCacheableOperation(operation: OperationDefinitionNode): boolean {
  if (operation.operation !== 'query' || operation.directives?.length) return false;
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && !selection.directives?.length && CACHEABLE_ROOT_FIELDS.has(selection.name.value),
  );
}

/** Marks the context of a cacheable operation answered without errors (see {@link ResponseCache}). */
export function responseCachePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, response }) {
          const body = response.body;
          contextValue.response.cacheable =
            operation !== undefined &&
            isCacheableOperation(operation) &&
            body.kind === 'single' &&
            body.singleResult.errors === undefined &&
            (response.http.status ?? 200) === 200;
        },
      };
    },
  };
}
