/** A deliberately plain OAuth 2.0 client (fetch + PKCE) used by this package's integration tests. */
import { createHash, randomBytes } from 'node:crypto';
import type { TestClient } from '../types.js';

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string;
  introspection_endpoint: string;
  [key: string]: unknown;
}

export interface TokenAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery failed: ${response.status}`);
  return (await response.json()) as Discovery;
}

/** RFC 7636 §4.1/§4.2 S256 pair. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizationUrl(
  d: Discovery,
  client: TestClient,
  params: {
    scope?: string;
    state?: string;
    challenge?: string | null;
    method?: string;
    extra?: Record<string, string>;
  },
): string {
  const url = new URL(d.authorization_endpoint);
  url.searchParams.set('client_id', client.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', client.redirectUris[0] ?? '');
  url.searchParams.set('scope', params.scope ?? 'api.read');
  url.searchParams.set('state', params.state ?? randomBytes(8).toString('hex'));
  if (params.challenge !== null && params.challenge !== undefined) {
    url.searchParams.set('code_challenge', params.challenge);
    url.searchParams.set('code_challenge_method', params.method ?? 'S256');
  }
  for (const [k, v] of Object.entries(params.extra ?? {})) url.searchParams.set(k, v);
  return url.toString();
}

/** POSTs a form to a token-style endpoint with the client's auth method (RFC 6749 §2.3.1). */
export async function postForm(endpoint: string, client: TestClient, form: Record<string, string>): Promise<TokenAnswer> {
  const method = client.tokenEndpointAuthMethod ?? (client.clientSecret ? 'client_secret_basic' : 'none');
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const body = new URLSearchParams(form);
  if (method === 'client_secret_basic') {
    const user = encodeURIComponent(client.clientId);
    const pass = encodeURIComponent(client.clientSecret ?? '');
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  } else {
    body.set('client_id', client.clientId);
    if (method === 'client_secret_post') body.set('client_secret', client.clientSecret ?? '');
  }
  const response = await fetch(endpoint, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

export function exchangeCode(d: Discovery, client: TestClient, code: string, verifier: string): Promise<TokenAnswer> {
  return postForm(d.token_endpoint, client, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirectUris[0] ?? '',
    code_verifier: verifier,
  });
}

export function refresh(d: Discovery, client: TestClient, refreshToken: string): Promise<TokenAnswer> {
  return postForm(d.token_endpoint, client, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });
}

export function revoke(d: Discovery, client: TestClient, token: string, hint?: string): Promise<TokenAnswer> {
  return postForm(d.revocation_endpoint, client, {
    token,
    ...(hint ? { token_type_hint: hint } : {}),
  });
}

export function introspect(d: Discovery, client: TestClient, token: string): Promise<TokenAnswer> {
  return postForm(d.introspection_endpoint, client, { token });
}

export function str(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${typeof value}`);
  return value;
}

/** Runs the auto-mode code flow and returns the token response. */
export async function obtainTokens(
  idp: { authorize(url: string, opts?: { accountId?: string }): Promise<URL> },
  d: Discovery,
  client: TestClient,
  opts: { scope?: string; accountId?: string; extra?: Record<string, string> } = {},
): Promise<TokenAnswer> {
  const { verifier, challenge } = pkcePair();
  const callback = await idp.authorize(authorizationUrl(d, client, { scope: opts.scope, challenge, extra: opts.extra }), {
    accountId: opts.accountId,
  });
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback.searchParams.get('error') ?? 'unknown'}`);
  return exchangeCode(d, client, code, verifier);
}
