/**
 * Helpers for the GraphQL integration tests: a recording HTTP client (every response body is
 * kept so a test can assert no secret ever left the server), sign-in, API keys per role, and a
 * graphql-ws subscriber that collects events.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

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
    const { status, text, headers: responseHeaders } = await this.raw({
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

/** A graphql-ws subscription over a real WebSocket. */
export async function subscribe<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  connection: { authorization?: string; cookie?: string; workspace?: string },
  onError?: (error: unknown) => void,
): Promise<Subscriber<T>> {
  const url = baseUrl.replace(/^http/, 'ws') + '/graphql';
  const client: Client = createClient({
    url,
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
  const events: T[] = [];
  const waiters: { predicate: (e: T) => boolean; resolve: (e: T) => void }[] = [];
  let acknowledged!: () => void;
  let failed!: (error: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    acknowledged = resolve;
    failed = reject;
  });
  client.on('connected', () => acknowledged());
  client.on('closed', (event) => failed(event));
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) {
          onError?.(result.errors);
          return;
        }
        const event = result.data as T;
        events.push(event);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(event)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(event);
          }
        }
      },
      error: (error) => onError?.(error),
      complete: () => undefined,
    },
  );
  await ready;
  // Give the server a moment to register the subscription after the ack.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return {
    events,
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
    async close() {
      dispose();
      await client.dispose();
    },
  };
}
