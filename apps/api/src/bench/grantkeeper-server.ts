/**
 * The real Grantkeeper server for the bench: a temp DATA_DIR with SQLite, an authorized-looking
 * OAUTH2_AUTHORIZATION_CODE connection and a VIEWER API key. Prints its BenchTarget as one JSON
 * line; stops on SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { systemActor } from '../services/index.js';
import type { BenchTarget } from './query.js';

const dataDir = await mkdtemp(join(tmpdir(), 'gk-bench-'));
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  MASTER_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'warn',
  BOOTSTRAP_ADMIN_EMAIL: 'bench@grantkeeper.test',
  BOOTSTRAP_ADMIN_PASSWORD: randomBytes(12).toString('base64url'),
});
const app = await createApp(config);
const url = await app.start();
const workspace = await app.auth.workspaces.ensureDefault();
const { key } = await app.auth.apiKeys.create({ workspaceId: workspace.id, name: 'bench viewer', role: 'VIEWER' });
await app.domain.services.connections.create(
  { em: app.orm.em.fork(), workspaceId: workspace.id, actor: systemActor },
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
    { em: app.orm.em.fork(), workspaceId: workspace.id, actor: systemActor },
    {
      code: 'UPSTREAM',
      name: 'Upstream',
      baseUrl: upstream,
      authenticationType: 'API_KEY',
      credentials: { apiKey: 'bench-upstream-key', apiKeyHeader: 'X-Api-Key' },
    },
  );
  const created = await app.auth.apiKeys.create({
    workspaceId: workspace.id,
    name: 'bench proxy',
    role: 'VIEWER',
    connectionAccess: 'PROXY',
  });
  proxy = { url: `${url}/proxy/UPSTREAM`, headers: { authorization: `Bearer ${created.key}` } };
}
const target: BenchTarget & { proxy?: typeof proxy } = {
  url,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  code: 'CRM',
  ...(proxy ? { proxy } : {}),
};
process.stdout.write(`${JSON.stringify(target)}\n`);

const stop = async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
