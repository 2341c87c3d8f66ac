#!/usr/bin/env node
// Grantkeeper demo: no provider account needed.
//
// Starts packages/test-idp (a real OAuth2/OIDC server with login and consent pages), starts the
// API with a bootstrap admin (serving the built console), seeds a DEMO connection pointing at the
// IdP, and prints where to click. Ctrl-C stops both.
//
// Needs a build first (the root `pnpm demo` script does it): packages/test-idp/dist,
// apps/api/dist and apps/web/dist.
//
// Environment (all optional): DEMO_PORT (API, 4000), DEMO_IDP_PORT (4010),
// DEMO_ADMIN_EMAIL (admin@grantkeeper.local), DEMO_ADMIN_PASSWORD (grantkeeper-demo),
// DEMO_DATA_DIR (a fresh temporary directory, removed on exit), GK_API_MAIN (the API entry file).
/* global fetch */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const apiMain = process.env.GK_API_MAIN ?? join(root, 'apps/api/dist/main.js');
const idpEntry = join(root, 'packages/test-idp/dist/index.js');
const webIndex = join(root, 'apps/web/dist/index.html');

const apiPort = Number(process.env.DEMO_PORT ?? 4000);
const idpPort = Number(process.env.DEMO_IDP_PORT ?? 4010);
const adminEmail = process.env.DEMO_ADMIN_EMAIL ?? 'admin@grantkeeper.local';
const adminPassword = process.env.DEMO_ADMIN_PASSWORD ?? 'grantkeeper-demo';
const publicUrl = `http://localhost:${apiPort}`;
const clientId = 'demo';
const clientSecret = 'demo-secret';

for (const [path, what] of [
  [apiMain, 'the API (apps/api)'],
  [idpEntry, 'the test IdP (packages/test-idp)'],
  [webIndex, 'the console (apps/web)'],
]) {
  if (!existsSync(path)) {
    console.error(`The demo needs ${what} built: ${path} is missing. Run "pnpm build" first (or "pnpm demo").`);
    process.exit(1);
  }
}

const ownDataDir = !process.env.DEMO_DATA_DIR;
const dataDir = process.env.DEMO_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'grantkeeper-demo-'));

/** @type {import('node:child_process').ChildProcess | undefined} */
let api;
/** @type {{ close(): Promise<void>, issuer: string } | undefined} */
let idp;
let stopping = false;

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping the demo…');
  if (api && api.exitCode === null) {
    const exited = new Promise((r) => api.once('exit', r));
    api.kill('SIGTERM');
    const timer = setTimeout(() => api.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  await idp?.close().catch(() => undefined);
  if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

async function waitForApi() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited with code ${api.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${apiPort}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the API did not become ready within 60 s');
}

async function graphql(query, variables, cookie) {
  const response = await fetch(`http://127.0.0.1:${apiPort}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'apollo-require-preflight': 'true',
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) {
    const error = new Error(body.errors[0].message);
    error.code = body.errors[0].extensions?.code;
    throw error;
  }
  return { data: body.data, setCookie: response.headers.getSetCookie?.() ?? [] };
}

async function seed() {
  const login = await graphql('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { id } }', {
    e: adminEmail,
    p: adminPassword,
  });
  const cookie = login.setCookie.map((c) => c.split(';')[0]).join('; ');
  try {
    await graphql(
      `
        mutation ($input: CreateConnectionInput!) {
          createConnection(input: $input) {
            code
          }
        }
      `,
      {
        input: {
          code: 'DEMO',
          name: 'Demo API (Grantkeeper test IdP)',
          baseUrl: `${idp.issuer}/me`,
          authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
          oauth2: {
            issuer: idp.issuer,
            clientId,
            clientSecret,
            scopes: ['openid', 'offline_access', 'profile', 'api.read'],
            tokenEndpointAuthMethod: 'CLIENT_SECRET_BASIC',
          },
        },
      },
      cookie,
    );
  } catch (error) {
    if (error.code !== 'CONFLICT') throw error; // an existing DEMO_DATA_DIR already has it
  }
}

async function main() {
  const { startTestIdp } = await import(pathToFileURL(idpEntry).href);
  idp = await startTestIdp({
    port: idpPort,
    interaction: 'ui',
    clients: [
      {
        clientId,
        clientSecret,
        redirectUris: [`${publicUrl}/oauth/callback`],
        tokenEndpointAuthMethod: 'client_secret_basic',
        name: 'Grantkeeper demo',
      },
    ],
  });

  api = spawn(process.execPath, [apiMain], {
    cwd: join(root, 'apps/api'),
    env: {
      ...process.env,
      PORT: String(apiPort),
      HOST: process.env.HOST ?? '127.0.0.1',
      PUBLIC_URL: publicUrl,
      DATA_DIR: dataDir,
      BOOTSTRAP_ADMIN_EMAIL: adminEmail,
      BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
      WEB_DIST_DIR: dirname(webIndex),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  api.on('exit', (code) => {
    if (!stopping) {
      console.error(`The API stopped (exit code ${code}).`);
      void stop(1);
    }
  });

  await waitForApi();
  await seed();

  console.log(`
  Grantkeeper demo is running.

  Console:        ${publicUrl}
  Sign in:        ${adminEmail} / ${adminPassword}
  Connection:     DEMO  (${publicUrl}/connections/DEMO/authorization)
  Test IdP:       ${idp.issuer}   account alice / wonderland

  Try it: open the console, sign in, open DEMO → Manage Authorization → Start Authorization,
  sign in at the IdP as alice / wonderland and allow; then Test Token, Refresh Token and
  Revoke Authorization. Press Ctrl-C to stop.
`);
}

main().catch((error) => {
  console.error(`The demo could not start: ${error.message}`);
  void stop(1);
});
