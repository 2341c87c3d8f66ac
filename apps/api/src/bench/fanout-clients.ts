/**
 * The clients of the fan-out bench: many WebSockets in this one process, counted as they
 * receive. Grantkeeper clients speak graphql-transport-ws by hand (connection_init, subscribe),
 * so that the client side costs the same for both servers: one message event per socket.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface FanoutTarget {
  wsUrl: string;
  controlUrl: string;
  /** Present for Grantkeeper: the API key sent in connection_init. */
  authorization?: string;
}

/** The console's live subscription (ConnectionsPage: every connection, AuthorizationFields). */
export const FANOUT_SUBSCRIPTION = `subscription AuthorizationChanged($connectionCode: String) {
  authorizationChanged(connectionCode: $connectionCode) { ...AuthorizationFields }
}
fragment AuthorizationFields on Authorization {
  connectionCode status tokenExpiresAt lastAuthorizedAt authorizedBy lastRefreshedAt refreshTokenExpiresAt
  grantedScopes statusReason nextRefreshAt tokenState refreshFailingSince consecutiveRefreshFailures
}`;

const OPEN_BATCH = 200;

/** A set of sockets to one server; `round()` fires one event and times the last receipt. */
export class Audience {
  private readonly sockets: WebSocket[] = [];
  private round = 0;
  private received = 0;
  private expected = 0;
  private onComplete: (() => void) | null = null;
  /** The last frame a socket received (the payload the raw server broadcasts). */
  lastFrame = '';

  constructor(private readonly target: FanoutTarget) {}

  get size(): number {
    return this.sockets.length;
  }

  /** Opens sockets (and subscribes, for Grantkeeper) until there are `total`. */
  async grow(total: number): Promise<void> {
    while (this.sockets.length < total) {
      const batch = Math.min(OPEN_BATCH, total - this.sockets.length);
      this.sockets.push(...(await Promise.all(Array.from({ length: batch }, () => this.open()))));
    }
  }

  private open(): Promise<WebSocket> {
    const graphql = this.target.authorization !== undefined;
    const socket = graphql ? new WebSocket(this.target.wsUrl, 'graphql-transport-ws') : new WebSocket(this.target.wsUrl);
    let subscribed = false;
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.on('message', (data: Buffer) => {
        if (subscribed) this.count(socket, data);
        else if (data.toString('utf8').includes('"connection_ack"')) {
          socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: FANOUT_SUBSCRIPTION, variables: {} } }));
          subscribed = true;
          resolve(socket);
        }
      });
      socket.once('open', () => {
        if (graphql) {
          socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: this.target.authorization } }));
          return;
        }
        subscribed = true;
        resolve(socket);
      });
    });
  }

  private readonly lastRoundOf = new WeakMap<WebSocket, number>();

  /** Counts a socket's first frame of the current round. */
  private count(socket: WebSocket, data: Buffer): void {
    if (this.lastRoundOf.get(socket) === this.round) return;
    this.lastRoundOf.set(socket, this.round);
    const frame = data.toString('utf8');
    if (!frame.includes('"type":"next"')) throw new Error(`unexpected frame: ${frame.slice(0, 300)}`);
    this.lastFrame = frame;
    this.received += 1;
    if (this.received === this.expected) this.onComplete?.();
  }

  /** POSTs `/fire` and resolves with ms until every socket received (null on timeout). */
  async fire(body = '', timeoutMs = 10_000): Promise<number | null> {
    this.round += 1;
    this.received = 0;
    this.expected = this.sockets.length;
    const done = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.onComplete = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
    const start = performance.now();
    const response = await fetch(`${this.target.controlUrl}/fire`, { method: 'POST', body });
    if (response.status !== 204) throw new Error(`fire answered ${response.status}`);
    const ok = await done;
    this.onComplete = null;
    return ok ? performance.now() - start : null;
  }

  /** Fires until every socket receives (subscriptions are registered asynchronously). */
  async settle(body = ''): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if ((await this.fire(body, 2_000)) !== null) return;
    }
    throw new Error(`${this.target.wsUrl}: only ${this.received} of ${this.expected} sockets receive`);
  }

  async rss(): Promise<number> {
    const response = await fetch(`${this.target.controlUrl}/rss`);
    return ((await response.json()) as { rss: number }).rss;
  }

  close(): void {
    for (const socket of this.sockets.splice(0)) socket.terminate();
  }
}
