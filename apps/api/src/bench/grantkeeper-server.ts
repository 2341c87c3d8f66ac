/**
 * The real Grantkeeper server for the bench: a temp DATA_DIR with SQLite, an authorized-looking
 * OAUTH2_AUTHORIZATION_CODE connection and a VIEWER API key. Prints its BenchTarget as one JSON
 * line (then answers SIGUSR2 with its loop-stats.ts figures); stops on SIGTERM.
 */
import { systemActor } from '../services/index.js';
import { startBenchApp } from './bench-app.js';
import { reportLoopStatsOnSignal } from './loop-stats.js';
import type { BenchTarget } from './query.js';

const bench = await startBenchApp('gk-bench-');
const { app, url, workspaceId } = bench;
await app.domain.services.connections.create(
  { em: app.orm.em.fork(), workspaceId, actor: systemActor },
  {
    code: 'CRM',
    name: 'CRM',
    authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
    oauth2: {
      authorizationEndpoint: 'https://idp.example.com/authorize',
      tokenEndpoint: 'https://idp.example.com/token',
      clientId: 'bench',
      clientSecret: 'bench-secret',
      scopes: ['openid', 'api.read'],
    },
  },
);
// The proxy bench: an API_KEY connection to the bench upstream and a PROXY key.
let proxy: { url: string; headers: Record<string, string> } | undefined;
const upstream = process.env.BENCH_UPSTREAM_URL;
if (upstream) {
  await app.domain.services.connections.create(
    { em: app.orm.em.fork(), workspaceId, actor: systemActor },
    {
      code: 'UPSTREAM',
      name: 'Upstream',
      baseUrl: upstream,
      authenticationType: 'API_KEY',
      credentials: { apiKey: 'bench-upstream-key', apiKeyHeader: 'X-Api-Key' },
    },
  );
  const created = await app.auth.apiKeys.create({
    workspaceId,
    name: 'bench proxy',
    role: 'VIEWER',
    connectionAccess: 'PROXY',
  });
  proxy = { url: `${url}/proxy/UPSTREAM`, headers: { authorization: `Bearer ${created.key}` } };
}
reportLoopStatsOnSignal();
const target: BenchTarget & { proxy?: typeof proxy; loopStats: true } = {
  url,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${bench.viewerKey}` },
  code: 'CRM',
  ...(proxy ? { proxy } : {}),
  loopStats: true,
};
process.stdout.write(`${JSON.stringify(target)}\n`);

const stop = async () => {
  await bench.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
