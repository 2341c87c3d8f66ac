/**
 * The composition root: config -> database (migrations) -> vault -> auth -> HTTP server ->
 * domain (events, services, GraphQL, OAuth callback, refresher) -> housekeeping. Everything
 * opened is registered in `OpenedResources` and closed in reverse order: by `close()` (the
 * refresher finishes or abandons its work and releases its leases, then the event bus, the HTTP
 * server, the database), and when start-up fails half way (e.g. the port is in use).
 */
import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Dispatcher } from 'undici';
import type { AppConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { AuthService, bootstrap } from './auth/index.js';
import { RawRoutes } from './http/raw-routes.js';
import { createHttpServer, type ReadinessCheck } from './http/server.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { registerMetricsRoute } from './metrics/route.js';
import { Housekeeping } from './persistence/housekeeping.js';
import { countValuesNotUnderActiveKey } from './persistence/key-rotation.js';
import { createVault, loadMasterKeys } from './persistence/master-key.js';
import { createOrm, migrate, type Orm } from './persistence/orm.js';
import { SqliteCheckpoints } from './persistence/sqlite-checkpoints.js';
import { createPorts, type Ports } from './persistence/ports/index.js';
import { createEventBus, type EventBus } from './events/index.js';
import { mountGraphQL } from './graphql/mount.js';
import { registerOAuthCallback } from './http/callback.js';
import { OpenedResources, openOrClose } from './lifecycle.js';
import { packageVersion } from './package-info.js';
import { createOutboundAgent } from './outbound/address-policy.js';
import { createOutboundFetch } from './outbound/outbound-fetch.js';
import { ProxyConnections } from './proxy/proxy-connections.js';
import { registerProxy, type ProxyDeps } from './proxy/proxy-route.js';
import { createRefresher } from './refresher/index.js';
import { createServices, type Services } from './services/index.js';
import { createWebhooks, type RetrySchedule } from './webhooks/index.js';

export interface CreateAppOptions {
  logger?: Logger;
  /** Tests: a short retry schedule and poll interval instead of minutes. */
  webhooks?: { schedule?: RetrySchedule; pollIntervalMs?: number };
}

/** Database, migrations, master keys and the vault. */
async function openStorage(config: AppConfig, logger: Logger, resources: OpenedResources) {
  const orm: Orm = await createOrm(config.database, logger);
  resources.add(() => orm.close(true));
  const applied = await migrate(orm);
  if (applied.length > 0) logger.info({ migrations: applied }, 'Applied database migrations');
  if (config.database.kind === 'sqlite') {
    const checkpoints = new SqliteCheckpoints(config.database.path, logger);
    checkpoints.start();
    // Registered after the ORM: stopped (its connection closed) before the ORM closes.
    resources.add(() => checkpoints.stop());
  }
  const masterKeys = await loadMasterKeys(config, logger);
  const vault = createVault(masterKeys);
  if (masterKeys.previous.length > 0) {
    const stale = await countValuesNotUnderActiveKey(orm, vault);
    logger.info(
      { previousKeys: masterKeys.previous.length, valuesUnderPreviousKeys: stale },
      stale === 0
        ? 'Every stored secret uses the active master key; the previous keys can be removed.'
        : 'Some stored secrets still use a previous master key; run `cli rotate-master-key` to finish.',
    );
  }
  return { orm, masterKeys, vault };
}

type Storage = Awaited<ReturnType<typeof openStorage>>;

/** Webhooks: deliveries staged with each audit event, sent by this instance's dispatcher. */
function wireWebhooks(
  config: AppConfig,
  deps: { logger: Logger; storage: Storage; options: CreateAppOptions; metrics: Metrics },
  bus: EventBus,
  agent: Dispatcher,
  resources: OpenedResources,
) {
  const webhooks = createWebhooks({
    orm: deps.storage.orm,
    kind: config.database.kind,
    vault: deps.storage.vault,
    bus,
    logger: deps.logger,
    agent,
    schedule: deps.options.webhooks?.schedule,
    pollIntervalMs: deps.options.webhooks?.pollIntervalMs,
    onResult: (result) => deps.metrics.webhookDeliveries.inc({ result }),
  });
  // Attempts in flight are recorded; the rest stay in the outbox for the next instance.
  resources.add(() => webhooks.dispatcher.stop());
  return webhooks;
}

/** The domain's routes: GraphQL on /graphql (HTTP and graphql-ws), the OAuth callback, /proxy. */
async function mountRoutes(
  server: FastifyInstance,
  config: AppConfig,
  deps: {
    storage: Storage;
    services: Services;
    auth: AuthService;
    logger: Logger;
    outboundAgent: Dispatcher;
    rawRoutes: RawRoutes;
    proxy: Pick<ProxyDeps, 'connections' | 'observe'>;
  },
): Promise<void> {
  const { storage, services, auth, logger, outboundAgent } = deps;
  await mountGraphQL(server, {
    orm: storage.orm,
    services,
    auth,
    logger,
    settings: {
      secureCookies: config.secureCookies,
      sessionTtlSeconds: config.sessionTtlHours * 3600,
      version: packageVersion,
    },
    limits: { introspection: config.graphqlIntrospection },
  });
  registerOAuthCallback(server, { orm: storage.orm, services, auth, publicUrl: config.publicUrl });
  registerProxy(deps.rawRoutes, {
    orm: storage.orm,
    auth,
    logger,
    ...deps.proxy,
    credentials: services.outboundCredentials,
    dispatcher: outboundAgent,
    timeoutMs: config.proxyTimeoutMs,
    maxBodyBytes: config.proxyMaxBodyBytes,
  });
}

/**
 * Events (in-process, or Redis pub/sub with REDIS_URL), services, GraphQL on /graphql (HTTP and
 * graphql-ws), the OAuth callback, and the refresher of this instance.
 */
async function wireDomain(
  config: AppConfig,
  deps: {
    logger: Logger;
    storage: Storage;
    bus: EventBus;
    auth: AuthService;
    ports: Ports;
    server: FastifyInstance;
    rawRoutes: RawRoutes;
    options: CreateAppOptions;
    metrics: Metrics;
  },
  resources: OpenedResources,
) {
  const { logger, storage, bus, auth, ports, server } = deps;
  // Every outbound request (discovery, token and revocation endpoints, the proxy, webhooks) obeys the address policy.
  const outboundAgent = createOutboundAgent({ allowPrivate: config.outboundAllowPrivate });
  resources.add(() => outboundAgent.close());
  const outbound = { agent: outboundAgent, fetch: createOutboundFetch(outboundAgent) };
  const webhooks = wireWebhooks(config, deps, bus, outbound.agent, resources);
  const services = createServices({
    auditOutbox: webhooks.outbox,
    webhooks: webhooks.service,
    auditObserver: deps.metrics.observeAudit,
    vault: storage.vault,
    bus,
    logger,
    ports,
    em: storage.orm.em,
    redirectUri: config.redirectUri,
    fetch: outbound.fetch,
    outbound: { dispatcher: outboundAgent, timeoutMs: config.proxyTimeoutMs },
  });
  resources.add(() => services.close());
  // In-flight refreshes finish first (leases released, token sets fully written or not at all).
  resources.add(() => ports.lease.releaseAll(services.coordinator.ownerId).catch(() => 0));
  // Closed before that: a token set kept after a failed write is lost from here on.
  resources.add(() => services.coordinator.stop());
  const proxyConnections = new ProxyConnections({ orm: storage.orm, bus });
  resources.add(() => proxyConnections.close());
  await mountRoutes(server, config, {
    storage,
    services,
    auth,
    logger,
    outboundAgent,
    rawRoutes: deps.rawRoutes,
    proxy: { connections: proxyConnections, observe: deps.metrics.observeProxy },
  });
  const refresher = createRefresher({
    orm: storage.orm,
    authorizations: services.authorizations,
    bus,
    logger,
    intervalMs: config.refresherIntervalMs,
    concurrency: config.refresherConcurrency,
    kind: config.database.kind,
    owner: `${services.coordinator.ownerId}:refresher`,
  });
  resources.add(() => refresher.stop());
  return { bus, outbound, webhooks, services, refresher };
}

async function openApp(config: AppConfig, logger: Logger, resources: OpenedResources, options: CreateAppOptions) {
  const storage = await openStorage(config, logger, resources);
  // The services that change cached data (here: sign-out, API keys) publish invalidations on it.
  const bus = await createEventBus({ redisUrl: config.redisUrl ?? undefined, logger });
  resources.add(() => bus.close());
  const auth = new AuthService({
    orm: storage.orm,
    bus,
    logger,
    sessionTtlMs: config.sessionTtlHours * 3_600_000,
    loginMaxFailures: config.loginMaxFailures,
    loginWindowMs: config.loginWindowMinutes * 60_000,
  });
  const bootstrapped = await bootstrap(auth, config);
  const ports = createPorts({ orm: storage.orm, vault: storage.vault, refreshMarginSeconds: config.refreshMarginSeconds, logger });
  const readiness: ReadinessCheck[] = [];
  const rawRoutes = new RawRoutes();
  const server = await createHttpServer({ config, logger, orm: storage.orm, readiness, rawRoutes });
  resources.add(() => server.close());
  const metrics = createMetrics(storage.orm);
  registerMetricsRoute(server, { token: config.metricsToken, registry: metrics.registry });
  const domain = await wireDomain(config, { logger, storage, bus, auth, ports, server, rawRoutes, options, metrics }, resources);
  readiness.push(() => domain.bus.unavailable());
  return { ...storage, auth, bootstrap: bootstrapped, ports, fastify: server, metrics, domain };
}

export async function createApp(config: AppConfig, options: CreateAppOptions = {}) {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  // Owner-only: the database, the key file and everything else secret live here.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const resources = new OpenedResources();
  const opened = await openOrClose(resources, () => openApp(config, logger, resources, options));
  const { fastify, domain } = opened;
  let listening: string | null = null;

  return {
    config,
    logger,
    ...opened,
    /** The address the server listens on (after `start()`), else PUBLIC_URL. */
    get url(): string {
      return listening ?? config.publicUrl;
    },
    /**
     * Listen on HOST:PORT, then start the domain (event bus, refresher) and housekeeping.
     * Returns the URL. On failure everything opened is closed before the error is rethrown.
     */
    start: (): Promise<string> =>
      openOrClose(resources, async () => {
        await fastify.listen({ port: config.port, host: config.host });
        const address = fastify.server.address() as AddressInfo;
        const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        listening = `http://${host}:${address.port}`;
        await domain.bus.ready();
        domain.refresher.start();
        domain.webhooks.dispatcher.start();
        const housekeeping = new Housekeeping(opened.orm, logger, config.retention);
        resources.add(() => housekeeping.stop());
        housekeeping.start();
        return listening;
      }),
    /** Stop housekeeping, the refresher and the event bus, then HTTP, then the database. Idempotent. */
    close: (): Promise<void> => resources.closeAll(),
  };
}

export type App = Awaited<ReturnType<typeof createApp>>;
