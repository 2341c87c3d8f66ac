/**
 * `sendTestRequest` (contract v2): one request through the proxy path of a connection, sent by
 * the server for an OPERATOR in the console, so a connection can be checked without curl. The
 * credentials are added as by /proxy and never returned; the answer is the upstream's status,
 * headers (no set-cookie) and the first 64 KiB of its body as text. Proxy failures become
 * ServiceErrors with the same codes.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { Connection } from '../persistence/entities/index.js';
import { ServiceError, type OutboundCredential, type RequestScope } from '../services/index.js';
import { forward, type ForwardDeps } from './forward.js';
import { flatHeaders, forwardedRequestHeaders, returnedResponseHeaders } from './hop-headers.js';
import { toProxyError } from './proxy-errors.js';
import { redact, secretsOf } from './redact.js';
import { RETRY_BUFFER_BYTES } from './request-body.js';
import { upstreamTarget } from './upstream-url.js';

export const TEST_RESPONSE_BODY_BYTES = 64 * 1024;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface TestRequestInput {
  method: string;
  /** Relative to the connection's baseUrl, with an optional query string. */
  path: string;
  body?: string | null | undefined;
  /** Extra request headers, as a caller of /proxy would send them. */
  headers?: readonly { name: string; value: string }[] | null | undefined;
}

export interface TestRequestResultView {
  status: number;
  headers: { name: string; value: string }[];
  body: string;
  truncated: boolean;
  durationMs: number;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const MAX_HEADERS = 50;

/**
 * The caller's extra headers as /proxy would forward them; a header the proxy never forwards
 * (authorization, cookie, host, hop-by-hop, proxy-*) is refused rather than silently dropped.
 */
export function testRequestHeaders(input: TestRequestInput, hasBody: boolean): Record<string, string | string[]> {
  const given = input.headers ?? [];
  if (given.length > MAX_HEADERS) throw new ServiceError('BAD_USER_INPUT', `At most ${MAX_HEADERS} headers.`);
  const incoming: Record<string, string[]> = hasBody ? { 'content-type': ['application/json'] } : {};
  const named: Record<string, string[]> = {};
  for (const { name, value } of given) {
    if (!HEADER_NAME.test(name)) throw new ServiceError('BAD_USER_INPUT', `"${name.slice(0, 100)}" is not a header name.`);
    if (/[\r\n\0]/.test(value) || value.length > 8192) {
      throw new ServiceError('BAD_USER_INPUT', `The value of header ${name} must be one line of at most 8192 characters.`);
    }
    (named[name.toLowerCase()] ??= []).push(value);
  }
  Object.assign(incoming, named);
  const forwarded = forwardedRequestHeaders(incoming as IncomingHttpHeaders);
  const refused = Object.keys(named).filter((name) => !(name in forwarded));
  if (refused.length > 0) {
    throw new ServiceError('BAD_USER_INPUT', `Grantkeeper never forwards these headers: ${refused.join(', ')}.`);
  }
  return forwarded;
}

async function firstBytes(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > TEST_RESPONSE_BODY_BYTES) {
      body.destroy();
      return { text: Buffer.concat(chunks).subarray(0, TEST_RESPONSE_BODY_BYTES).toString('utf8'), truncated: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

export async function sendTestRequest(
  deps: ForwardDeps,
  scope: RequestScope,
  code: string,
  input: TestRequestInput,
): Promise<TestRequestResultView> {
  const method = input.method.toUpperCase();
  if (!METHODS.has(method)) throw new ServiceError('BAD_USER_INPUT', `"method" must be one of ${[...METHODS].join(', ')}.`);
  const body = Buffer.from(input.body ?? '', 'utf8');
  if (body.length > RETRY_BUFFER_BYTES) throw new ServiceError('BAD_USER_INPUT', '"body" must be at most 1 MiB.');
  const requestHeaders = testRequestHeaders(input, body.length > 0);
  const connection = code.length <= 50 ? await scope.em.findOne(Connection, { workspaceId: scope.workspaceId, code }) : null;
  if (!connection) throw new ServiceError('NOT_FOUND', `No connection with code ${code} in this workspace.`);
  const started = performance.now();
  const sent: OutboundCredential[] = [];
  try {
    if (!connection.baseUrl) throw new ServiceError('BAD_USER_INPUT', `Connection ${code} has no baseUrl to send requests to.`);
    const [path = '', query = ''] = input.path.replace(/^\/+/, '').split(/\?(.*)/s);
    const target = upstreamTarget(connection.baseUrl, path, query);
    const response = await forward(deps, scope, connection, {
      target,
      method,
      headers: flatHeaders(requestHeaders),
      body: body.length > 0 ? { kind: 'buffered', bytes: body } : { kind: 'none' },
      onCredential: (credential) => sent.push(credential),
    });
    const text = await firstBytes(response.body as unknown as AsyncIterable<Buffer> & { destroy(): void });
    const secrets = secretsOf(sent);
    const headers = Object.entries(returnedResponseHeaders(response.headers)).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => ({ name, value: redact(v, secrets) })),
    );
    const durationMs = Math.round(performance.now() - started);
    return { status: response.statusCode, headers, body: redact(text.text, secrets), truncated: text.truncated, durationMs };
  } catch (error) {
    const failure = toProxyError(error);
    throw new ServiceError(failure.code, failure.message, { cause: error });
  }
}
