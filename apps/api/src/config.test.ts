import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const key = Buffer.alloc(32, 7).toString('base64');

function problems(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env, '/srv/gk');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({}, '/srv/gk');
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:4000',
      redirectUri: 'http://localhost:4000/oauth/callback',
      secureCookies: false,
      dataDir: '/srv/gk/data',
      database: { kind: 'sqlite', path: '/srv/gk/data/grantkeeper.sqlite' },
      redisUrl: null,
      masterKey: null,
      previousMasterKeys: [],
      bootstrapAdmin: null,
      logLevel: 'info',
      refreshMarginSeconds: 300,
      loginMaxFailures: 10,
      loginWindowMinutes: 15,
      outboundAllowPrivate: true,
      proxyTimeoutMs: 30_000,
      proxyMaxBodyBytes: 50 * 1024 * 1024,
    });
    expect(config.webDistDir).toMatch(/apps\/web\/dist$/);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        PUBLIC_URL: 'https://gk.example.com/',
        DATA_DIR: '/var/lib/gk',
        DATABASE_URL: 'postgres://gk:pw@db:5432/gk',
        REDIS_URL: 'redis://cache:6379',
        MASTER_KEY: key,
        MASTER_KEY_PREVIOUS: `${Buffer.alloc(32, 1).toString('base64')}, ${Buffer.alloc(32, 2).toString('base64url')}`,
        BOOTSTRAP_ADMIN_EMAIL: 'Admin@Example.com',
        BOOTSTRAP_ADMIN_PASSWORD: 'correct horse',
        LOG_LEVEL: 'DEBUG',
        REFRESH_MARGIN_SECONDS: '60',
        REFRESHER_INTERVAL_MS: '1000',
        REFRESHER_CONCURRENCY: '8',
        WEB_DIST_DIR: 'web',
        TRUST_PROXY: '10.0.0.0/8, 192.168.1.1',
        LOGIN_MAX_FAILURES: '5',
        LOGIN_WINDOW_MINUTES: '30',
        OUTBOUND_ALLOW_PRIVATE: 'False',
        PROXY_TIMEOUT_MS: '5000',
        PROXY_MAX_BODY_BYTES: '1048576',
      },
      '/srv/gk',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      publicUrl: 'https://gk.example.com',
      redirectUri: 'https://gk.example.com/oauth/callback',
      secureCookies: true,
      dataDir: '/var/lib/gk',
      database: { kind: 'postgres', url: 'postgres://gk:pw@db:5432/gk' },
      redisUrl: 'redis://cache:6379',
      masterKey: key,
      bootstrapAdmin: { email: 'admin@example.com', password: 'correct horse' },
      logLevel: 'debug',
      refreshMarginSeconds: 60,
      refresherIntervalMs: 1000,
      refresherConcurrency: 8,
      webDistDir: '/srv/gk/web',
      trustProxy: ['10.0.0.0/8', '192.168.1.1'],
      loginMaxFailures: 5,
      loginWindowMinutes: 30,
      outboundAllowPrivate: false,
      proxyTimeoutMs: 5000,
      proxyMaxBodyBytes: 1048576,
    });
    expect(config.previousMasterKeys).toHaveLength(2);
  });

  it('accepts a sqlite: DATABASE_URL relative to the working directory', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:db/gk.sqlite' }, '/srv/gk').database).toEqual({
      kind: 'sqlite',
      path: '/srv/gk/db/gk.sqlite',
    });
  });

  it('lists every problem at once, naming each variable', () => {
    const found = problems({
      PORT: 'eighty',
      PUBLIC_URL: 'not a url',
      DATABASE_URL: 'mysql://x',
      REDIS_URL: 'http://cache',
      MASTER_KEY: 'c2hvcnQ=',
      LOG_LEVEL: 'loud',
      REFRESH_MARGIN_SECONDS: '-1',
      BOOTSTRAP_ADMIN_EMAIL: 'admin@example.com',
      TRUST_PROXY: 'everyone',
      LOGIN_MAX_FAILURES: '0',
      OUTBOUND_ALLOW_PRIVATE: 'sometimes',
      PROXY_TIMEOUT_MS: '10',
    });
    expect(found.map((p) => p.variable).sort()).toEqual([
      'BOOTSTRAP_ADMIN_PASSWORD',
      'DATABASE_URL',
      'LOGIN_MAX_FAILURES',
      'LOG_LEVEL',
      'MASTER_KEY',
      'OUTBOUND_ALLOW_PRIVATE',
      'PORT',
      'PROXY_TIMEOUT_MS',
      'PUBLIC_URL',
      'REDIS_URL',
      'REFRESH_MARGIN_SECONDS',
      'TRUST_PROXY',
    ]);
    for (const p of found) expect(p.message.length).toBeGreaterThan(5);
  });

  it('refuses a refresh margin below 2 seconds, saying why', () => {
    for (const value of ['0', '1']) {
      const found = problems({ REFRESH_MARGIN_SECONDS: value });
      expect(found).toHaveLength(1);
      expect(found[0]!.variable).toBe('REFRESH_MARGIN_SECONDS');
      expect(found[0]!.message).toMatch(/from 2 to 86400: a refresh starts up to a second after it is due/);
    }
    expect(loadConfig({ REFRESH_MARGIN_SECONDS: '2' }, '/tmp').refreshMarginSeconds).toBe(2);
  });

  it('never quotes a secret value in its error', () => {
    const secretKey = 'c2VjcmV0LXZhbHVlLXRoYXQtaXMtdG9vLXNob3J0';
    const password = 'short';
    let message = '';
    try {
      loadConfig(
        {
          MASTER_KEY: secretKey,
          MASTER_KEY_PREVIOUS: 'previous-secret',
          BOOTSTRAP_ADMIN_EMAIL: 'a@b.c',
          BOOTSTRAP_ADMIN_PASSWORD: password,
          DATABASE_URL: 'mongodb://user:dbsecret@host',
        },
        '/',
      );
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('MASTER_KEY');
    expect(message).toContain('BOOTSTRAP_ADMIN_PASSWORD');
    for (const secret of [secretKey, 'previous-secret', password, 'dbsecret']) expect(message).not.toContain(secret);
  });

  it('rejects an all-zero master key and a key of the wrong length', () => {
    expect(problems({ MASTER_KEY: Buffer.alloc(32).toString('base64') }).map((p) => p.variable)).toEqual(['MASTER_KEY']);
    expect(problems({ MASTER_KEY: Buffer.alloc(31, 1).toString('base64') }).map((p) => p.variable)).toEqual(['MASTER_KEY']);
  });

  it('reads TRUST_PROXY as a boolean, a hop count or a list', () => {
    expect(loadConfig({}, '/').trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }, '/').trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }, '/').trustProxy).toBe(1);
  });

  it('reads GRAPHQL_INTROSPECTION as true (default) or false', () => {
    expect(loadConfig({}, '/').graphqlIntrospection).toBe(true);
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false' }, '/').graphqlIntrospection).toBe(false);
    expect(() => loadConfig({ GRAPHQL_INTROSPECTION: 'maybe' }, '/')).toThrow(/GRAPHQL_INTROSPECTION/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', MASTER_KEY: ' ', REDIS_URL: '' }, '/').port).toBe(4000);
  });
});
