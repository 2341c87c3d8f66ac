/**
 * A minimal OAuth2 token endpoint for refresh grants (RFC 6749 §6), cheap enough to measure the
 * refresher against: every path is a provider of its own (`/a/token`, `/b/token`), refresh
 * tokens rotate, and a refresh token used twice is counted (and answered `invalid_grant`, as a
 * provider detecting theft would). It also counts the requests in flight (their peak per path),
 * refreshes that came after the old access token had expired, and can answer 429 with
 * `Retry-After` or hold answers back, per path.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How one path answers; changed at any time through {@link TokenEndpoint.behave}. */
export interface PathBehaviour {
  /** Answer 429 with this `Retry-After` (seconds) instead of refreshing. */
  tooManyRequests?: { retryAfterSeconds: number } | undefined;
  /** Hold every answer back this long (ms): a slow provider. */
  delayMs?: number | undefined;
  /**
   * Hold answers until this many requests are in flight at once (then answer all): a caller
   * allowed fewer would wait forever, one allowed more would exceed it at once.
   */
  holdUntilInFlight?: number | undefined;
  /** Hold every answer until this settles (the test decides when the provider answers). */
  gate?: Promise<unknown> | undefined;
}

export interface PathCounts {
  /** Requests received (answered or not). */
  received: number;
  refreshed: number;
  rejected429: number;
  inFlight: number;
  peakInFlight: number;
}

export interface TokenEndpoint {
  /** `http://127.0.0.1:port` */
  url: string;
  /** Access tokens issued live this long (`expires_in`). */
  expiresInSeconds: number;
  /** Refresh tokens presented a second time (must stay 0). */
  readonly reused: number;
  /** Refreshes that arrived after the access token issued with the refresh token had expired. */
  readonly late: number;
  readonly refreshed: number;
  /** Makes `refreshToken` valid, paired with an access token expiring at `accessExpiresAt`. */
  register(refreshToken: string, accessExpiresAt: Date): void;
  /** Whether `refreshToken` is the current one of its chain. */
  isCurrent(refreshToken: string): boolean;
  behave(path: string, behaviour: PathBehaviour): void;
  counts(path: string): PathCounts;
  /** Resolves once `path` has received `count` requests. */
  received(path: string, count: number): Promise<void>;
  /** Resolves once `refreshed` reaches `count` (at once when it already has). */
  refreshedCount(count: number): Promise<void>;
  close(): Promise<void>;
}

interface Chain {
  accessExpiresAt: number;
}

interface PathState {
  behaviour: PathBehaviour;
  counts: PathCounts;
  held: (() => void)[];
  arrivals: { count: number; resolve: () => void }[];
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
};

/** The endpoint's books: current and used refresh tokens, counts per path. */
class Ledger {
  readonly current = new Map<string, Chain>();
  readonly used = new Set<string>();
  readonly paths = new Map<string, PathState>();
  readonly totals = { reused: 0, late: 0, refreshed: 0, issued: 0 };
  waiters: { count: number; resolve: () => void }[] = [];

  constructor(readonly expiresInSeconds: number) {}

  path(path: string): PathState {
    let entry = this.paths.get(path);
    if (!entry) {
      entry = {
        behaviour: {},
        counts: { received: 0, refreshed: 0, rejected429: 0, inFlight: 0, peakInFlight: 0 },
        held: [],
        arrivals: [],
      };
      this.paths.set(path, entry);
    }
    return entry;
  }

  /** A refresh grant: rotate a current refresh token, refuse any other. */
  refresh(form: URLSearchParams, res: ServerResponse, counts: PathCounts): void {
    const presented = form.get('refresh_token') ?? '';
    const chain = form.get('grant_type') === 'refresh_token' ? this.current.get(presented) : undefined;
    if (!chain) {
      if (this.used.has(presented)) this.totals.reused += 1;
      json(res, 400, { error: 'invalid_grant', error_description: 'unknown or reused refresh token' });
      return;
    }
    const now = Date.now();
    if (now >= chain.accessExpiresAt) this.totals.late += 1;
    this.current.delete(presented);
    this.used.add(presented);
    const issued = (this.totals.issued += 1);
    const next = `rt-${issued}-${presented.length}`;
    this.current.set(next, { accessExpiresAt: now + this.expiresInSeconds * 1000 });
    counts.refreshed += 1;
    this.totals.refreshed += 1;
    json(res, 200, { access_token: `at-${issued}`, token_type: 'Bearer', expires_in: this.expiresInSeconds, refresh_token: next });
    this.waiters = this.waiters.filter((w) => (this.totals.refreshed >= w.count ? (w.resolve(), false) : true));
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = this.path(new URL(req.url ?? '/', 'http://x').pathname);
    const { behaviour, counts } = path;
    counts.inFlight += 1;
    counts.received += 1;
    path.arrivals = path.arrivals.filter((a) => (counts.received >= a.count ? (a.resolve(), false) : true));
    counts.peakInFlight = Math.max(counts.peakInFlight, counts.inFlight);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const hold = behaviour.holdUntilInFlight;
      if (hold !== undefined && counts.peakInFlight < hold) await new Promise<void>((resolve) => path.held.push(resolve));
      if (hold !== undefined && counts.peakInFlight >= hold) for (const release of path.held.splice(0)) release();
      if (behaviour.gate) await behaviour.gate;
      if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
      if (behaviour.tooManyRequests) {
        counts.rejected429 += 1;
        json(res, 429, { error: 'slow_down' }, { 'retry-after': String(behaviour.tooManyRequests.retryAfterSeconds) });
        return;
      }
      this.refresh(new URLSearchParams(Buffer.concat(chunks).toString('utf8')), res, counts);
    } finally {
      counts.inFlight -= 1;
    }
  }
}

export async function startTokenEndpoint(options: { expiresInSeconds?: number } = {}): Promise<TokenEndpoint> {
  const ledger = new Ledger(options.expiresInSeconds ?? 3600);
  const server = createServer((req, res) => void ledger.handle(req, res));
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { totals } = ledger;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    expiresInSeconds: ledger.expiresInSeconds,
    get reused() {
      return totals.reused;
    },
    get late() {
      return totals.late;
    },
    get refreshed() {
      return totals.refreshed;
    },
    register: (refreshToken, accessExpiresAt) => void ledger.current.set(refreshToken, { accessExpiresAt: accessExpiresAt.getTime() }),
    isCurrent: (refreshToken) => ledger.current.has(refreshToken),
    behave: (path, behaviour) => void (ledger.path(path).behaviour = behaviour),
    counts: (path) => ({ ...ledger.path(path).counts }),
    received: (path, count) =>
      new Promise<void>((resolve) => {
        const state = ledger.path(path);
        if (state.counts.received >= count) resolve();
        else state.arrivals.push({ count, resolve });
      }),
    refreshedCount: (count) =>
      new Promise<void>((resolve) => {
        if (totals.refreshed >= count) resolve();
        else ledger.waiters.push({ count, resolve });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
