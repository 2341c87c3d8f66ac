/**
 * The composition root: config -> database (migrations) -> vault -> auth -> domain (events,
 * services, GraphQL, OAuth callback, refresher) -> HTTP. `close()` stops the domain first (the
 * refresher finishes or abandons its work and releases its leases), then the HTTP server, then
 * the database.
 */
import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { TokenVault } from '@grantkeeper/oauth-core';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { AuthService, bootstrap, type BootstrapResult } from './auth/index.js';
import { createHttpServer } from './http/server.js';
import { Housekeeping } from './persistence/housekeeping.js';
import { countValuesNotUnderActiveKey } from './persistence/key-rotation.js';
import { createVault, loadMasterKeys, type MasterKeys } from './persistence/master-key.js';
import { createOrm, migrate, type Orm } from './persistence/orm.js';
import { createPorts } from './persistence/ports/index.js';
import { createEventBus } from './events/index.js';
import { apiVersion, mountGraphQL } from './graphql/mount.js';
import { registerOAuthCallback } from './http/callback.js';
import { createRefresher } from './refresher/index.js';
import { createServices } from './services/index.js';

/** What the domain wiring hands back: started after the server listens, stopped first on close. */
export interface DomainHandle {
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

export interface CreateAppOptions {
  logger?: Logger;
}

export async function createApp(config: AppConfig, options: CreateAppOptions = {}) {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  // Owner-only: the database, the key file and everything else secret live here.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });

  const orm: Orm = await createOrm(config.database, logger);
  let fastify: FastifyInstance | undefined;
  try {
    const applied = await migrate(orm);
    if (applied.length > 0) logger.info({ migrations: applied }, 'Applied database migrations');

    const masterKeys: MasterKeys = await loadMasterKeys(config, logger);
    const vault: TokenVault = createVault(masterKeys);
    if (masterKeys.previous.length > 0) {
      const stale = await countValuesNotUnderActiveKey(orm, vault);
      logger.info(
        { previousKeys: masterKeys.previous.length, valuesUnderPreviousKeys: stale },
        stale === 0
          ? 'Every stored secret uses the active master key; the previous keys can be removed.'
          : 'Some stored secrets still use a previous master key; run `cli rotate-master-key` to finish.',
      );
    }

    const auth = new AuthService({
      orm,
      logger,
      sessionTtlMs: config.sessionTtlHours * 3_600_000,
      loginMaxFailures: config.loginMaxFailures,
      loginWindowMs: config.loginWindowMinutes * 60_000,
    });
    const bootstrapped: BootstrapResult = await bootstrap(auth, config);

    const ports = createPorts({ orm, vault, refreshMarginSeconds: config.refreshMarginSeconds });
    const server = await createHttpServer({ config, logger, orm });
    fastify = server;

    // --- domain wiring: begin
    // Events (in-process, or Redis pub/sub with REDIS_URL), services, GraphQL on /graphql (HTTP
    // and graphql-ws), the OAuth callback, and the refresher of this instance.
    const bus = createEventBus({ redisUrl: config.redisUrl ?? undefined, logger });
    const services = createServices({ vault, bus, logger, ports, redirectUri: config.redirectUri });
    await mountGraphQL(server, {
      orm,
      services,
      auth,
      logger,
      settings: {
        secureCookies: config.secureCookies,
        sessionTtlSeconds: config.sessionTtlHours * 3600,
        version: apiVersion(),
      },
      limits: { introspection: config.graphqlIntrospection },
    });
    registerOAuthCallback(server, { orm, services, auth, publicUrl: config.publicUrl });
    const refresher = createRefresher({
      orm,
      authorizations: services.authorizations,
      bus,
      logger,
      intervalMs: config.refresherIntervalMs,
    });
    const domain = {
      bus,
      services,
      refresher,
      start: async () => {
        await bus.ready();
        refresher.start();
      },
      stop: async () => {
        // In-flight refreshes finish (leases released, token sets fully written or not at all).
        await refresher.stop();
        await ports.lease.releaseAll(services.coordinator.ownerId).catch(() => 0);
        services.close();
        await bus.close();
      },
    };
    // --- domain wiring: end
    const domainHandle: DomainHandle = domain;
    const housekeeping = new Housekeeping(orm, logger);

    let listening: string | null = null;
    let closing: Promise<void> | null = null;

    const app = {
      config,
      logger,
      orm,
      vault,
      masterKeys,
      auth,
      ports,
      fastify: server,
      domain,
      bootstrap: bootstrapped,
      /** The address the server listens on (after `start()`), else PUBLIC_URL. */
      get url(): string {
        return listening ?? config.publicUrl;
      },
      /** Listen on HOST:PORT, then start the domain (the refresher). Returns the URL. */
      async start(): Promise<string> {
        await server.listen({ port: config.port, host: config.host });
        const address = server.server.address() as AddressInfo;
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        listening = `http://${host}:${address.port}`;
        await domainHandle.start();
        housekeeping.start();
        return listening;
      },
      /** Stop the domain (refresher, event bus), then HTTP, then the database. Idempotent. */
      close(): Promise<void> {
        closing ??= (async () => {
          const steps = [
            () => domainHandle.stop(),
            () => housekeeping.stop(),
            () => server.close(),
            () => orm.close(true),
          ];
          let failure: unknown;
          for (const step of steps) {
            try {
              await step();
            } catch (err) {
              failure ??= err;
            }
          }
          if (failure !== undefined) throw failure;
        })();
        return closing;
      },
    };
    return app;
  } catch (err) {
    await fastify?.close().catch(() => undefined);
    await orm.close(true).catch(() => undefined);
    throw err;
  }
}

export type App = Awaited<ReturnType<typeof createApp>>;
