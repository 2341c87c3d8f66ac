/**
 * The server's configuration: one zod schema over every environment variable, parsed once at
 * boot. A bad environment stops the boot with every problem listed (variable + reason); no
 * message ever quotes the value of a secret.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { packageDir } from './package-info.js';
import { boolean, httpUrl, integer, logLevel, masterKey, masterKeyList, optionalText, trustProxy, type LogLevel } from './config-values.js';

export { logLevels, type LogLevel } from './config-values.js';

export type DatabaseConfig = { kind: 'sqlite'; /** Absolute path of the SQLite file. */ path: string } | { kind: 'postgres'; url: string };

export interface AppConfig {
  port: number;
  host: string;
  /** Where browsers reach the server, without a trailing slash. */
  publicUrl: string;
  /** `PUBLIC_URL + "/oauth/callback"`: what to register at every provider. */
  redirectUri: string;
  /** True when PUBLIC_URL is https: the session cookie is then `Secure`. */
  secureCookies: boolean;
  /** Absolute path. */
  dataDir: string;
  database: DatabaseConfig;
  redisUrl: string | null;
  /** Base64 of 32 bytes; null: the key file in DATA_DIR is used (created on first start). */
  masterKey: string | null;
  /** Older master keys (base64), still accepted for decryption during a rotation. */
  previousMasterKeys: string[];
  bootstrapAdmin: { email: string; password: string } | null;
  logLevel: LogLevel;
  refreshMarginSeconds: number;
  refresherIntervalMs: number;
  /** REFRESHER_CONCURRENCY: refresh grants one instance has in flight at token endpoints at the same time. */
  refresherConcurrency: number;
  /** Absolute path of the built console (served with SPA fallback when it exists). */
  webDistDir: string;
  sessionTtlHours: number;
  /**
   * Failed sign-ins allowed per (account, address) and per address within one window (all
   * instances); the per-account ceiling is ten times this (auth/login-limiter.ts).
   */
  loginMaxFailures: number;
  loginWindowMinutes: number;
  /**
   * Which proxies to trust for the client address (login rate limits) and protocol:
   * false (default), true (any), a hop count, or addresses/CIDRs.
   */
  trustProxy: boolean | number | string[];
  /** Signed-in callers may introspect the GraphQL schema (anonymous callers never may). */
  graphqlIntrospection: boolean;
  /** Outbound requests may go to loopback and private addresses (link-local never). */
  outboundAllowPrivate: boolean;
  /** How long the proxy waits for the upstream's response headers (and between body chunks). */
  proxyTimeoutMs: number;
  /** Largest request body the proxy forwards. */
  proxyMaxBodyBytes: number;
  /** METRICS_TOKEN: /metrics answers only requests bearing it; unset, there is no /metrics. */
  metricsToken: string | null;
  /** Finished webhook deliveries kept (days); audit events kept (days, null: forever). */
  retention: { webhookDeliveryDays: number; auditEventDays: number | null };
}

/** One problem with one variable. `message` never contains the variable's value. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n'),
    );
    this.problems = problems;
  }
}

export const defaultWebDistDir = resolve(packageDir, '../web/dist');

/**
 * The refresher starts a refresh within about a second of its due time; the refresh itself
 * needs a moment more. A shorter margin would let tokens expire while they are AUTHORIZED.
 */
export const MIN_REFRESH_MARGIN_SECONDS = 2;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

const envSchema = z
  .object({
    PORT: integer(0, 65535, 4000),
    HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
    PUBLIC_URL: optionalText.refine((v) => v === undefined || httpUrl(v), {
      message: 'must be an absolute http(s) URL without credentials, e.g. https://grantkeeper.example.com',
    }),
    DATA_DIR: optionalText.transform((v) => v ?? './data'),
    DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\/.+/.test(v) || /^(sqlite|file):.+/.test(v), {
      message: 'must be a postgres:// (or postgresql://) URL, or sqlite:<path of a file>',
    }),
    REDIS_URL: optionalText.refine((v) => v === undefined || /^rediss?:\/\/.+/.test(v), {
      message: 'must be a redis:// or rediss:// URL',
    }),
    MASTER_KEY: masterKey,
    MASTER_KEY_PREVIOUS: masterKeyList,
    BOOTSTRAP_ADMIN_EMAIL: optionalText.refine((v) => v === undefined || EMAIL.test(v), {
      message: 'must be an email address',
    }),
    BOOTSTRAP_ADMIN_PASSWORD: optionalText.refine((v) => v === undefined || v.length >= 8, {
      message: 'must be at least 8 characters long',
    }),
    LOG_LEVEL: logLevel,
    REFRESH_MARGIN_SECONDS: integer(
      MIN_REFRESH_MARGIN_SECONDS,
      86_400,
      300,
      `must be a whole number of seconds from ${MIN_REFRESH_MARGIN_SECONDS} to 86400: a refresh starts up to a second after it is due and needs time to finish before the token expires`,
    ),
    REFRESHER_INTERVAL_MS: integer(100, 3_600_000, 15_000),
    REFRESHER_CONCURRENCY: integer(1, 256, 64),
    WEB_DIST_DIR: optionalText,
    SESSION_TTL_HOURS: integer(1, 24 * 90, 24 * 7),
    LOGIN_MAX_FAILURES: integer(1, 1000, 10),
    LOGIN_WINDOW_MINUTES: integer(1, 24 * 60, 15),
    GRAPHQL_INTROSPECTION: boolean(true),
    OUTBOUND_ALLOW_PRIVATE: boolean(true),
    PROXY_TIMEOUT_MS: integer(100, 3_600_000, 30_000),
    PROXY_MAX_BODY_BYTES: integer(0, 10 * 1024 ** 3, 50 * 1024 * 1024),
    WEBHOOK_DELIVERY_RETENTION_DAYS: integer(1, 36_500, 30),
    AUDIT_RETENTION_DAYS: integer(0, 36_500, 0),
    METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, { message: 'must be at least 16 characters' }),
    TRUST_PROXY: trustProxy,
  })
  .superRefine((env, ctx) => {
    const hasEmail = env.BOOTSTRAP_ADMIN_EMAIL !== undefined;
    const hasPassword = env.BOOTSTRAP_ADMIN_PASSWORD !== undefined;
    if (hasEmail !== hasPassword) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [hasEmail ? 'BOOTSTRAP_ADMIN_PASSWORD' : 'BOOTSTRAP_ADMIN_EMAIL'],
        message: 'BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together',
      });
    }
  });

/** The variables this schema reads (for the test harness). */
export type ConfigEnv = Partial<Record<keyof z.input<typeof envSchema>, string>>;

/**
 * Parse the environment. Throws {@link ConfigError} listing every problem at once.
 *
 * @param cwd relative DATA_DIR / sqlite paths resolve against it (default: `process.cwd()`).
 */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      variable: String(issue.path[0] ?? '(environment)'),
      // Our own messages never quote a value; zod's generic type errors do not either.
      message: issue.message,
    }));
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const dataDir = resolve(cwd, e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');

  let database: DatabaseConfig;
  if (e.DATABASE_URL === undefined) {
    database = { kind: 'sqlite', path: join(dataDir, 'grantkeeper.sqlite') };
  } else if (e.DATABASE_URL.startsWith('postgres')) {
    database = { kind: 'postgres', url: e.DATABASE_URL };
  } else {
    const file = e.DATABASE_URL.replace(/^(sqlite|file):(\/\/)?/, '');
    database = { kind: 'sqlite', path: isAbsolute(file) ? file : resolve(cwd, file) };
  }

  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    redirectUri: `${publicUrl}/oauth/callback`,
    secureCookies: publicUrl.startsWith('https:'),
    dataDir,
    database,
    redisUrl: e.REDIS_URL ?? null,
    masterKey: e.MASTER_KEY ?? null,
    previousMasterKeys: e.MASTER_KEY_PREVIOUS,
    bootstrapAdmin:
      e.BOOTSTRAP_ADMIN_EMAIL !== undefined && e.BOOTSTRAP_ADMIN_PASSWORD !== undefined
        ? { email: e.BOOTSTRAP_ADMIN_EMAIL.toLowerCase(), password: e.BOOTSTRAP_ADMIN_PASSWORD }
        : null,
    logLevel: e.LOG_LEVEL,
    refreshMarginSeconds: e.REFRESH_MARGIN_SECONDS,
    refresherIntervalMs: e.REFRESHER_INTERVAL_MS,
    refresherConcurrency: e.REFRESHER_CONCURRENCY,
    webDistDir: e.WEB_DIST_DIR === undefined ? defaultWebDistDir : resolve(cwd, e.WEB_DIST_DIR),
    sessionTtlHours: e.SESSION_TTL_HOURS,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginWindowMinutes: e.LOGIN_WINDOW_MINUTES,
    trustProxy: e.TRUST_PROXY,
    graphqlIntrospection: e.GRAPHQL_INTROSPECTION,
    outboundAllowPrivate: e.OUTBOUND_ALLOW_PRIVATE,
    proxyTimeoutMs: e.PROXY_TIMEOUT_MS,
    proxyMaxBodyBytes: e.PROXY_MAX_BODY_BYTES,
    metricsToken: e.METRICS_TOKEN ?? null,
    retention: { webhookDeliveryDays: e.WEBHOOK_DELIVERY_RETENTION_DAYS, auditEventDays: e.AUDIT_RETENTION_DAYS || null },
  };
}
