/**
 * Helpers for the GraphQL integration tests: a recording HTTP client (every response body is
 * kept so a test can assert no secret ever left the server), sign-in, API keys per role, and a
 * graphql-ws subscriber that collects events.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { EventBus } from '../events/index.js';

export interface Credentials {
  /** Raw API key (sent as `Authorization: Bearer <key>`). */
  apiKey?: string;
  /** `gk_session=<token>` cookie pair. */
  cookie?: string;
  workspace?: string;
}

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: { message: string; extensions?: { code?: string; reason?: string } }[] };
  headers: Headers;
  text: string;
}

export class RecordingClient {
  /** Every response body (and Set-Cookie-free headers are not kept). */
  readonly bodies: string[] = [];

  constructor(readonly baseUrl: string) {}

  async raw(init: RequestInit & { path?: string }): Promise<{ status: number; text: string; headers: Headers }> {
    const response = await fetch(`${this.baseUrl}${init.path ?? '/graphql'}`, { ...init, redirect: 'manual' });
    const text = await response.text();
    this.bodies.push(text);
    return { status: response.status, text, headers: response.headers };
  }

  async gql<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    credentials: Credentials = {},
  ): Promise<GqlResponse<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (credentials.apiKey) headers.authorization = `Bearer ${credentials.apiKey}`;
    if (credentials.cookie) headers.cookie = credentials.cookie;
    if (credentials.workspace) headers['x-workspace'] = credentials.workspace;
    const {
      status,
      text,
      headers: responseHeaders,
    } = await this.raw({
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return { status, body: JSON.parse(text) as GqlResponse<T>['body'], headers: responseHeaders, text };
  }

  /** Signs in and returns the `gk_session=…` cookie pair. */
  async login(email: string, password: string): Promise<string> {
    const res = await this.gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { id } }`, {
      e: email,
      p: password,
    });
    const setCookie = res.headers.get('set-cookie');
    if (!setCookie || res.body.errors) throw new Error(`login failed: ${res.text}`);
    return setCookie.split(';')[0] as string;
  }

  async createApiKey(cookie: string, name: string, role: 'ADMIN' | 'OPERATOR' | 'VIEWER', workspace?: string): Promise<string> {
    const res = await this.gql<{ createApiKey: { key: string } }>(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key apiKey { id role } } }`,
      { i: { name, role } },
      { cookie, ...(workspace ? { workspace } : {}) },
    );
    const key = res.body.data?.createApiKey.key;
    if (!key) throw new Error(`createApiKey failed: ${res.text}`);
    return key;
  }
}

export interface Subscriber<T> {
  events: T[];
  /** Resolves with the first event (from now on, counting those already received) matching `predicate`. */
  waitFor(predicate: (event: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/** The server a subscriber talks to: its URL, and its event bus to see the subscription in place. */
export interface SubscriptionTarget {
  url: string;
  app: { domain: { bus: Pick<EventBus, 'subscriptionCount' | 'whenSubscriptions'> } };
}

type Connection = { authorization?: string; cookie?: string; workspace?: string };

function connect(baseUrl: string, connection: Connection): Client {
  return createClient({
    url: baseUrl.replace(/^http/, 'ws') + '/graphql',
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, connection.cookie ? { headers: { cookie: connection.cookie } } : {});
      }
    },
    connectionParams: {
      ...(connection.authorization ? { authorization: connection.authorization } : {}),
      ...(connection.workspace ? { workspace: connection.workspace } : {}),
    },
  });
}

/** Collects events and resolves the waiters whose predicate an event matches. */
function eventLog<T>(): { events: T[]; push(event: T): void; waitFor: Subscriber<T>['waitFor'] } {
  const events: T[] = [];
  const waiters: { predicate: (e: T) => boolean; resolve: (e: T) => void }[] = [];
  return {
    events,
    push(event) {
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a subscription event')), timeoutMs);
        waiters.push({
          predicate,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
      });
    },
  };
}

/**
 * A graphql-ws subscription over a real WebSocket. Resolves once the server acknowledged the
 * connection and either the subscription is in place (one more open on the server's event bus)
 * or the server refused the operation (reported to `onError`); rejects when the socket closes first.
 */
export async function subscribe<T>(
  server: SubscriptionTarget,
  query: string,
  variables: Record<string, unknown>,
  connection: Connection,
  onError?: (error: unknown) => void,
): Promise<Subscriber<T>> {
  const bus = server.app.domain.bus;
  const registered = bus.whenSubscriptions(bus.subscriptionCount() + 1);
  const client = connect(server.url, connection);
  const log = eventLog<T>();
  let ended!: () => void;
  const refused = new Promise<void>((resolve) => (ended = resolve));
  const ready = new Promise<void>((resolve, reject) => {
    client.on('connected', () => resolve());
    client.on('closed', (event) => reject(event));
  });
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => (result.errors ? onError?.(result.errors) : log.push(result.data as T)),
      error: (error) => {
        onError?.(error);
        ended();
      },
      complete: () => ended(),
    },
  );
  await ready;
  await Promise.race([registered, refused]);
  return {
    events: log.events,
    waitFor: log.waitFor,
    async close() {
      dispose();
      await client.dispose();
    },
  };
}
