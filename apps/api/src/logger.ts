/**
 * Structured JSON logs (pino). Tokens, client secrets, code verifiers, passwords, cookies and
 * Authorization headers never reach a log line: known paths are censored, requests are logged
 * through a serializer that keeps only what an operator needs (and strips OAuth parameters
 * such as `code` and `state` from URLs).
 */
import { pino, stdSerializers, stdTimeFunctions, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

const REDACTED = '[redacted]';

/** Property names whose values are secret wherever they appear (one or two levels deep). */
const secretKeys = [
  'password',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'access_token',
  'refresh_token',
  'id_token',
  'clientSecret',
  'client_secret',
  'secret',
  'codeVerifier',
  'code_verifier',
  'masterKey',
  'apiKey',
  'key',
  'authorization',
  'cookie',
  'set-cookie',
  'sessionToken',
];

export const redactPaths = [
  ...secretKeys.map((k) => `["${k}"]`),
  ...secretKeys.map((k) => `*["${k}"]`),
  ...secretKeys.map((k) => `*.*["${k}"]`),
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/** Query parameters that carry credentials in OAuth and sign-in URLs. */
const secretQueryParams = new Set([
  'code',
  'state',
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'client_secret',
  'code_verifier',
  'password',
  'key',
]);

/** The URL with the value of every credential-carrying query parameter replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const name of [...params.keys()]) {
    if (secretQueryParams.has(name.toLowerCase())) params.set(name, REDACTED);
  }
  return `${url.slice(0, q)}?${params.toString()}`;
}

interface RequestLike {
  id?: unknown;
  method?: string;
  url?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remoteAddress?: string };
}

interface ReplyLike {
  statusCode?: number;
}

function serializeRequest(req: RequestLike): Record<string, unknown> {
  const ua = req.headers?.['user-agent'];
  return {
    id: req.id,
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
    userAgent: typeof ua === 'string' ? ua.slice(0, 200) : undefined,
  };
}

function serializeReply(res: ReplyLike): Record<string, unknown> {
  return { statusCode: res.statusCode };
}

/**
 * Properties a database driver error carries with row values in them (PostgreSQL's `detail`:
 * `Key (key_hash)=(…) already exists`); the message keeps the SQL with placeholders only.
 */
const databaseValueFields = ['detail', 'where', 'parameters', 'bindings', 'internalQuery'];

function serializeError(err: Error): Record<string, unknown> {
  const serialized: Record<string, unknown> = { ...stdSerializers.err(err) };
  for (const field of databaseValueFields) delete serialized[field];
  return serialized;
}

/** Requests keep only method, redacted URL, id, address and user agent: never headers. */
export const serializers = { req: serializeRequest, res: serializeReply, err: serializeError };

export interface LoggerOptions {
  level: LogLevel;
  /** Where to write (default: stdout). Tests pass a stream to inspect the lines. */
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

export function createLogger(opts: LoggerOptions): Logger {
  return pino(
    {
      level: opts.level,
      base: { service: 'grantkeeper-api', ...opts.base },
      redact: { paths: redactPaths, censor: REDACTED },
      serializers,
      timestamp: stdTimeFunctions.isoTime,
    },
    opts.destination,
  );
}
