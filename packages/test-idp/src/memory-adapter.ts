import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/** Models whose artifacts belong to a grant and die with it (revokeByGrantId). */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/**
 * One in-memory store per IdP instance (no module-level state), shared by every model's adapter.
 * Also holds run-time registered clients (model `Client`), which oidc-provider looks up through the adapter.
 */
export class MemoryStore {
  readonly #entries = new Map<string, Entry>();
  readonly #grants = new Map<string, Set<string>>();
  readonly #sessionUids = new Map<string, string>();

  get(key: string): AdapterPayload | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(key: string, payload: AdapterPayload, expiresIn?: number): void {
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    this.#entries.set(key, { payload, expiresAt });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  indexGrant(grantId: string, key: string): void {
    let members = this.#grants.get(grantId);
    if (!members) {
      members = new Set();
      this.#grants.set(grantId, members);
    }
    members.add(key);
  }

  revokeGrant(grantId: string): void {
    for (const key of this.#grants.get(grantId) ?? []) this.#entries.delete(key);
    this.#grants.delete(grantId);
  }

  setSessionUid(uid: string, id: string): void {
    this.#sessionUids.set(uid, id);
  }

  sessionIdByUid(uid: string): string | undefined {
    return this.#sessionUids.get(uid);
  }

  /** Builds the adapter factory handed to oidc-provider's `adapter` option. */
  adapterFactory(): AdapterFactory {
    return (model: string): Adapter => new ModelAdapter(model, this);
  }
}

class ModelAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly store: MemoryStore,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const key = this.key(id);
    this.store.set(key, payload, expiresIn);
    if (GRANTABLE.has(this.model) && payload.grantId) this.store.indexGrant(payload.grantId, key);
    if (this.model === 'Session' && payload.uid) this.store.setSessionUid(payload.uid, id);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(this.key(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = this.store.sessionIdByUid(uid);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    this.store.revokeGrant(grantId);
  }
}
