/**
 * Helpers of the proxy e2e tests: a raw HTTP client for /proxy (undici Client, so paths reach
 * the server exactly as written, `..` included) that keeps every response for the leak checks,
 * and GraphQL shortcuts for connections and keys.
 */
import type { TestIdp } from '@grantkeeper/test-idp';
import type { Readable } from 'node:stream';
import { Client } from 'undici';
import type { RecordingClient } from '../graphql/test-support.js';
import type { TestServer } from '../testing/index.js';
import type { SeenRequest, TestUpstream } from './test-upstream.js';

export interface ProxyResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export class ProxyClient {
  readonly responses: ProxyResponse[] = [];
  readonly #client: Client;

  constructor(baseUrl: string) {
    this.#client = new Client(baseUrl);
  }

  async send(
    path: string,
    options: { key?: string; method?: string; headers?: Record<string, string>; body?: string | Buffer | Readable } = {},
  ): Promise<ProxyResponse> {
    const res = await this.#client.request({
      path,
      method: (options.method ?? 'GET') as 'GET',
      headers: { ...(options.key ? { authorization: `Bearer ${options.key}` } : {}), ...options.headers },
      body: options.body ?? null,
    });
    const text = await res.body.text();
    const response: ProxyResponse = {
      status: res.statusCode,
      headers: res.headers,
      text,
      json: <T>() => JSON.parse(text) as T,
    };
    this.responses.push(response);
    return response;
  }

  /** Every response as one string (headers and body), for the leak checks. */
  transcript(): string {
    return this.responses.map((r) => `${JSON.stringify(r.headers)}\n${r.text}`).join('\n');
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}

/**
 * The request the upstream received for an `/echo` answer. The echo passed back through the
 * proxy has the credentials masked, so what was sent is read from the upstream's own record.
 */
export function sentFor(upstream: TestUpstream, response: ProxyResponse): SeenRequest {
  const seen = upstream.seen[response.json<{ seen: number }>().seen];
  if (!seen) throw new Error(`not an echo of this upstream: ${response.status} ${response.text.slice(0, 200)}`);
  return seen;
}

/** Expects a Grantkeeper error (not the upstream's): status, header and JSON body agree. */
export function grantkeeperError(response: ProxyResponse): { status: number; code: string; header: unknown; message: string } {
  const body = response.json<{ error: { code: string; message: string } }>();
  return { status: response.status, code: body.error.code, header: response.headers['x-grantkeeper-error'], message: body.error.message };
}

export async function createConnection(client: RecordingClient, cookie: string, input: Record<string, unknown>): Promise<void> {
  const res = await client.gql(`mutation($i: CreateConnectionInput!) { createConnection(input: $i) { code } }`, { i: input }, { cookie });
  if (res.body.errors) throw new Error(`createConnection failed: ${res.text}`);
}

export async function createKey(
  client: RecordingClient,
  cookie: string,
  input: { name: string; role?: string; connectionAccess?: string; connectionCodes?: string[] | null },
): Promise<string> {
  const res = await client.gql<{ createApiKey: { key: string } }>(
    `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { key } }`,
    { i: { role: 'VIEWER', ...input } },
    { cookie },
  );
  const key = res.body.data?.createApiKey.key;
  if (!key) throw new Error(`createApiKey failed: ${res.text}`);
  return key;
}

/** Creates an OAUTH2_AUTHORIZATION_CODE connection at the test IdP and authorizes it. */
export async function authorizedConnection(
  env: { client: RecordingClient; cookie: string; adminKey: string; idp: TestIdp; server: TestServer },
  code: string,
  baseUrl: string,
  clientSecret: string,
): Promise<void> {
  await createConnection(env.client, env.cookie, {
    code,
    name: code,
    baseUrl,
    authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
    oauth2: { issuer: env.idp.issuer, clientId: 'grantkeeper-proxy', clientSecret, scopes: ['openid', 'api.read', 'offline_access'] },
  });
  const started = await env.client.gql<{ startAuthorization: { authorizationUrl: string } }>(
    `mutation($c: String!) { startAuthorization(connectionCode: $c) { authorizationUrl } }`,
    { c: code },
    { apiKey: env.adminKey },
  );
  const callback = await env.idp.authorize(started.body.data!.startAuthorization.authorizationUrl);
  const landed = await env.client.raw({ method: 'GET', path: callback.pathname + callback.search });
  if (landed.status !== 302 || !String(landed.headers.get('location')).includes('result=authorized')) {
    throw new Error(`authorization of ${code} failed: ${landed.headers.get('location')}`);
  }
}
