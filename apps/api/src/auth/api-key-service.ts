/**
 * API keys: `gk_<random>`, shown once, SHA-256 stored, bound to one workspace and role. The
 * lookup is cached in memory (keyed by the hash); deleting a key invalidates it on every
 * instance through the event bus (event key: the key's id). Creating and deleting a key `by`
 * someone is audited in the key's workspace (`api-key-audit.ts`).
 */
import type { EntityManager } from '@mikro-orm/core';
import type { EventBus } from '../events/index.js';
import type { Orm } from '../persistence/orm.js';
import { ApiKey, Workspace, type Role } from '../persistence/entities/index.js';
import { ReadCache } from '../cache/index.js';
import { AuthError } from './errors.js';
import { apiKeyPrincipalOf, toApiKeyInfo, toWorkspaceInfo } from './mappers.js';
import type { ApiKeyInfo, Principal } from './principal.js';
import { validateConnectionAccess, type ConnectionAccessInput } from './connection-access.js';
import { isRole } from './roles.js';
import { API_KEY_PREFIX, newApiKey, sha256Hex } from './secrets.js';
import { badInput } from '../services/errors.js';
import { flushUnique, type BackgroundWrites } from './shared.js';
import { apiKeyCreatedEntry, apiKeyDeletedEntry } from './api-key-audit.js';
import type { ApiKeyAuditEntry } from '../services/audit-service.js';
import type { Actor } from '../services/types.js';

/** Writes of `lastUsedAt` happen at most this often. */
const TOUCH_INTERVAL_MS = 60_000;

export interface CreatedApiKey {
  /** The raw key: shown exactly once. */
  key: string;
  apiKey: ApiKeyInfo;
}

type KeyPrincipal = Extract<Principal, { kind: 'apiKey' }>;

interface CachedApiKey {
  /** Handed to every request the key authenticates (one object per key, never changed). */
  principal: KeyPrincipal;
  lastUsedAt: number;
  /** Epoch ms after which the key is refused; null = never. */
  expiresAt: number | null;
}

/** Authorization headers whose key hash is remembered (the proxy's hot path). */
const HEADER_HASHES_MAX = 1_000;

/** Characters of the raw key kept as its visible prefix: `gk_` and six random ones. */
const VISIBLE_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

export interface CreateApiKeyRequest extends ConnectionAccessInput {
  workspaceId: string;
  name: string;
  role: Role;
  createdBy?: string | null;
  expiresAt?: Date | null;
}

export interface ApiKeyServiceOptions {
  orm: Orm;
  bus: EventBus;
  background: BackgroundWrites;
  cacheTtlMs: number;
  /** The clock in epoch ms (a number: the proxy's hot path asks it on every request). */
  nowMs: () => number;
  /** Where keys created and deleted `by` someone are audited (`AuditService`). */
  audit?: { record(em: EntityManager, entry: ApiKeyAuditEntry): Promise<void> } | undefined;
}

export class ApiKeyService {
  readonly #orm: Orm;
  readonly #nowMs: () => number;
  readonly #background: BackgroundWrites;
  readonly #byHash: ReadCache<CachedApiKey>;
  readonly #headerHashes = new Map<string, string>();
  readonly #audit: ApiKeyServiceOptions['audit'];

  constructor(opts: ApiKeyServiceOptions) {
    this.#orm = opts.orm;
    this.#audit = opts.audit;
    this.#nowMs = opts.nowMs;
    this.#background = opts.background;
    this.#byHash = new ReadCache({
      name: 'apiKey',
      bus: opts.bus,
      max: 10_000,
      ttlMs: opts.cacheTtlMs,
      now: opts.nowMs,
      invalidationKey: (entry) => entry.principal.apiKey.id,
    });
  }

  /** The principal of `Authorization: Bearer gk_…`; `slug` (X-Workspace) must name its workspace. */
  async authenticate(header: string, slug: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    if (match === null) {
      throw new AuthError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <API key>".', { reason: 'MALFORMED_AUTHORIZATION' });
    }
    const raw = match[1] as string;
    const hash = sha256Hex(raw);
    const entry = this.#byHash.get(hash) ?? (await this.#byHash.load(hash, () => this.#load(raw, hash)));
    if (entry === null) {
      throw new AuthError('UNAUTHENTICATED', 'The API key is not valid (unknown or deleted).', { reason: 'INVALID_API_KEY' });
    }
    if (entry.expiresAt !== null && entry.expiresAt <= this.#nowMs()) {
      throw new AuthError('UNAUTHENTICATED', 'The API key has expired.', { reason: 'API_KEY_EXPIRED' });
    }
    if (slug !== undefined && slug !== entry.principal.workspace.slug) {
      throw new AuthError('FORBIDDEN', 'This API key belongs to another workspace than the one named by X-Workspace.', {
        reason: 'WORKSPACE_MISMATCH',
      });
    }
    this.#touch(entry);
    return entry.principal;
  }

  /**
   * The principal of a key already in the cache, without a promise (the proxy's hot path);
   * undefined when it is not cached or not usable, so {@link authenticate} answers (and says why).
   */
  cached(header: string): Principal | undefined {
    const hash = this.#hashOfHeader(header);
    const entry = hash === undefined ? undefined : this.#byHash.get(hash);
    if (entry === undefined || (entry.expiresAt !== null && entry.expiresAt <= this.#nowMs())) return undefined;
    this.#touch(entry);
    return entry.principal;
  }

  /**
   * The key's hash for an Authorization header, remembered per header string (a bounded map,
   * emptied when full): a client sends the same header on every request, which cost a regex and
   * a SHA-256 each time on /proxy. Only the hash is looked up by it (the header stays in this
   * process's memory, as the request did); whether the key is valid is still read from the
   * invalidated cache on every request.
   */
  #hashOfHeader(header: string): string | undefined {
    const known = this.#headerHashes.get(header);
    if (known !== undefined) return known;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
    if (match === null) return undefined;
    const hash = sha256Hex(match[1] as string);
    if (this.#headerHashes.size >= HEADER_HASHES_MAX) this.#headerHashes.clear();
    this.#headerHashes.set(header, hash);
    return hash;
  }

  async #load(raw: string, hash: string): Promise<CachedApiKey | null> {
    if (!raw.startsWith(API_KEY_PREFIX)) return null;
    const em = this.#orm.em.fork();
    const key = await em.findOne(ApiKey, { keyHash: hash });
    const workspace = key === null ? null : await em.findOne(Workspace, { id: key.workspaceId });
    if (key === null || workspace === null) return null;
    return {
      principal: { kind: 'apiKey', apiKey: apiKeyPrincipalOf(key), workspace: toWorkspaceInfo(workspace) },
      lastUsedAt: key.lastUsedAt?.getTime() ?? 0,
      expiresAt: key.expiresAt?.getTime() ?? null,
    };
  }

  #touch(entry: CachedApiKey): void {
    const now = this.#nowMs();
    if (now - entry.lastUsedAt < TOUCH_INTERVAL_MS) return;
    entry.lastUsedAt = now;
    this.#background.run(
      this.#orm.em.fork().nativeUpdate(ApiKey, { id: entry.principal.apiKey.id }, { lastUsedAt: new Date(now) }),
      'Could not record the API key use',
    );
  }

  /**
   * Create an API key for one workspace; the raw key is returned once and never stored. Audited
   * as created `by` when given.
   */
  async create(input: CreateApiKeyRequest, by?: Actor): Promise<CreatedApiKey> {
    const name = String(input.name ?? '').trim();
    if (name.length === 0 || name.length > 200) throw badInput('The API key name must be 1 to 200 characters.');
    if (!isRole(input.role)) throw badInput('The role must be ADMIN, OPERATOR or VIEWER.');
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt !== null && !(expiresAt.getTime() > this.#nowMs())) {
      throw badInput('The expiry must be in the future.');
    }
    const access = validateConnectionAccess(input);
    const em = this.#orm.em.fork();
    if ((await em.count(Workspace, { id: input.workspaceId })) === 0) {
      throw new AuthError('NOT_FOUND', 'The workspace does not exist.', { reason: 'UNKNOWN_WORKSPACE' });
    }
    const duplicate = `An API key named "${name}" already exists in this workspace.`;
    if ((await em.count(ApiKey, { workspaceId: input.workspaceId, name })) > 0) {
      throw new AuthError('CONFLICT', duplicate, { reason: 'ALREADY_EXISTS' });
    }
    const key = newApiKey();
    const row = em.create(ApiKey, {
      workspaceId: input.workspaceId,
      name,
      role: input.role,
      keyHash: sha256Hex(key),
      prefix: key.slice(0, VISIBLE_PREFIX_LENGTH),
      expiresAt,
      createdBy: input.createdBy ?? null,
      ...access,
    });
    await flushUnique(em, duplicate);
    const apiKey = toApiKeyInfo(row);
    if (by) await this.#record(apiKeyCreatedEntry(input.workspaceId, by, apiKey));
    return { key, apiKey };
  }

  async list(workspaceId: string): Promise<ApiKeyInfo[]> {
    const rows = await this.#orm.em.fork().find(ApiKey, { workspaceId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return rows.map(toApiKeyInfo);
  }

  /**
   * Delete a key of this workspace; false when there is none with this id there. The deletion
   * is published on the event bus: every instance forgets the key and closes its sockets.
   * Audited as deleted `by` when given (the key as it was, read before).
   */
  async delete(workspaceId: string, id: string, by?: Actor): Promise<boolean> {
    const em = this.#orm.em.fork();
    const where = { id: String(id), workspaceId };
    const key = by ? await em.findOne(ApiKey, where) : null;
    if ((await em.nativeDelete(ApiKey, where)) === 0) return false;
    await this.#byHash.invalidate(String(id));
    if (by && key) await this.#record(apiKeyDeletedEntry(workspaceId, by, toApiKeyInfo(key)));
    return true;
  }

  async #record(entry: ApiKeyAuditEntry): Promise<void> {
    await this.#audit?.record(this.#orm.em.fork(), entry);
  }

  close(): void {
    this.#byHash.close();
  }
}
