/**
 * The proxy's lookup of a connection by workspace and code, served from the `connection` read
 * cache (cache/keys.ts) so a proxied request costs no database round trip and no decryption:
 * the row is loaded once, and the BASIC / API_KEY credentials decrypted for it are kept with it
 * (OutboundCredentials memoizes per row object). Every update or deletion of the connection
 * drops it in every instance through the event bus; the TTL is the safety net.
 */
import { connectionKey, ReadCache } from '../cache/index.js';
import type { EventBus } from '../events/index.js';
import { Connection } from '../persistence/entities/index.js';
import type { Orm } from '../persistence/orm.js';

/** Longest connection code (longer ones cannot exist: no lookup). */
const MAX_CODE_LENGTH = 50;

export interface ProxyConnectionsOptions {
  orm: Orm;
  bus: EventBus;
  /** Safety net when an invalidation is lost (Redis down); default 60 s. */
  ttlMs?: number | undefined;
  /** Rows kept at most (least recently used leave first); default 10 000. */
  max?: number | undefined;
}

export class ProxyConnections {
  readonly #rows: ReadCache<Connection>;
  readonly #orm: Orm;

  constructor(options: ProxyConnectionsOptions) {
    this.#orm = options.orm;
    this.#rows = new ReadCache({ name: 'connection', bus: options.bus, max: options.max ?? 10_000, ttlMs: options.ttlMs ?? 60_000 });
  }

  /** The connection (a read-only row shared by concurrent requests), or null when there is none. */
  find(workspaceId: string, code: string): Promise<Connection | null> {
    if (code.length === 0 || code.length > MAX_CODE_LENGTH) return Promise.resolve(null);
    return this.#rows.load(connectionKey(workspaceId, code), () => this.#orm.em.fork().findOne(Connection, { workspaceId, code }));
  }

  /** The connection when it is cached (no promise), else undefined: then {@link find}. */
  cached(workspaceId: string, code: string): Connection | undefined {
    return this.#rows.get(connectionKey(workspaceId, code));
  }

  close(): void {
    this.#rows.close();
  }
}
