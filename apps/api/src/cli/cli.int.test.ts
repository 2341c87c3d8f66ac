import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenVault, generateMasterKey, parseMasterKey, type VaultKey } from '@grantkeeper/oauth-core';
import { describe, expect, it } from 'vitest';
import { AuthService } from '../auth/index.js';
import { InProcessEventBus } from '../events/index.js';
import { AuditEvent, Authorization, Connection, PendingFlow } from '../persistence/entities/index.js';
import { countValuesNotUnderActiveKey } from '../persistence/key-rotation.js';
import { loadMasterKeys, createVault } from '../persistence/master-key.js';
import { createOrm, migrate, type Orm } from '../persistence/orm.js';
import { OrmAuthorizationStatePort, OrmClientCredentialsStore, decryptTokenSet } from '../persistence/ports/index.js';
import { testDatabases } from '../testing/databases.js';
import { capture, freshCliFixture } from './cli-test-support.js';
import { runCli } from './run.js';

/** Store one secret of every kind under `vault`; returns the plaintexts. */
async function storeSecrets(orm: Orm, vault: TokenVault) {
  const em = orm.em.fork();
  const workspaceId = randomUUID();
  const connection = em.create(Connection, {
    workspaceId,
    code: 'CRM',
    name: 'CRM',
    authenticationType: 'OAUTH2_AUTHORIZATION_CODE',
  });
  const plain = {
    clientSecret: `secret-${randomUUID()}`,
    accessToken: `access-${randomUUID()}`,
    refreshToken: `refresh-${randomUUID()}`,
    verifier: `verifier-${randomUUID()}`,
    clientCredentialsToken: `cc-${randomUUID()}`,
  };
  connection.clientSecretEnvelope = vault.encrypt(plain.clientSecret, {
    workspaceId,
    connectionId: connection.id,
    field: 'client_secret',
  });
  em.create(Authorization, { workspaceId, connectionId: connection.id });
  em.create(PendingFlow, {
    stateHash: randomUUID(),
    workspaceId,
    connectionId: connection.id,
    codeVerifierEnvelope: vault.encrypt(plain.verifier, { workspaceId, connectionId: connection.id, field: 'code_verifier' }),
    redirectUri: 'http://localhost/oauth/callback',
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 600_000),
  });
  await em.flush();
  const state = new OrmAuthorizationStatePort({ orm, vault, refreshMarginSeconds: 300 });
  await state.compareAndSwap(connection.id, 0, {
    status: 'AUTHORIZED',
    statusReason: null,
    tokens: {
      accessToken: plain.accessToken,
      refreshToken: plain.refreshToken,
      tokenType: 'bearer',
      expiresAt: new Date(Date.now() + 3_600_000),
      refreshTokenExpiresAt: null,
      scopes: ['api'],
      idToken: null,
      obtainedAt: new Date(),
    },
  });
  const shared = new OrmClientCredentialsStore(orm, vault);
  await shared.ensure(workspaceId, connection.id);
  const ccTokens = { accessToken: plain.clientCredentialsToken, tokenType: 'bearer', expiresAt: null, scopes: [], obtainedAt: new Date() };
  await shared.compareAndSwap(
    { workspaceId, connectionId: connection.id },
    0,
    { ...ccTokens, refreshToken: null, refreshTokenExpiresAt: null, idToken: null },
    null,
  );
  return { plain, workspaceId, connectionId: connection.id };
}

/** Decrypt every stored secret with `vault` (throws when a key is missing). */
async function readSecrets(orm: Orm, vault: TokenVault) {
  const em = orm.em.fork();
  const connection = await em.findOneOrFail(Connection, { code: 'CRM' });
  const authorization = await em.findOneOrFail(Authorization, { connectionId: connection.id });
  const flow = await em.findOneOrFail(PendingFlow, { connectionId: connection.id });
  const aad = (field: string) => ({ workspaceId: connection.workspaceId, connectionId: connection.id, field });
  const tokens = decryptTokenSet(authorization, vault);
  return {
    clientSecret: vault.decrypt(connection.clientSecretEnvelope!, aad('client_secret')),
    accessToken: tokens?.accessToken,
    refreshToken: tokens?.refreshToken,
    verifier: vault.decrypt(flow.codeVerifierEnvelope, aad('code_verifier')),
    clientCredentialsToken: (await new OrmClientCredentialsStore(orm, vault).read(connection.id))?.tokens?.accessToken,
    version: authorization.version,
  };
}

describe.each(testDatabases())('CLI on %s', (kind) => {
  const cli = freshCliFixture(kind);

  it('migrates once, then reports the database up to date', async () => {
    const first = capture();
    expect(await runCli(['migrate'], cli.env, first.io)).toBe(0);
    expect(first.out.join('\n')).toMatch(/Applied \d+ migration\(s\): Migration20261128000001_initial, /);
    const second = capture();
    expect(await runCli(['migrate'], cli.env, second.io)).toBe(0);
    expect(second.out).toEqual(['The database is up to date.']);
  });

  it('creates a user who can sign in, and refuses a duplicate', async () => {
    const args = ['create-user', '--email', 'ops@example.com', '--password', 'long-enough-pw', '--name', 'Ops', '--role', 'operator'];
    const created = capture();
    expect(await runCli(args, cli.env, created.io)).toBe(0);
    expect(created.out.join('\n')).toContain('Created OPERATOR user ops@example.com (Ops).');
    expect(created.out.join('\n')).not.toContain('long-enough-pw');

    const orm = await createOrm(cli.db.database);
    try {
      const auth = new AuthService({ orm, bus: new InProcessEventBus(), sessionTtlMs: 60_000 });
      expect((await auth.sessions.login('ops@example.com', 'long-enough-pw', '127.0.0.1')).user.role).toBe('OPERATOR');
      // Audited in the default workspace, by the command line; no password in it.
      const events = await orm.em.fork().find(AuditEvent, { type: 'USER_CREATED' });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        workspaceId: (await auth.workspaces.ensureDefault()).id,
        actor: 'command line',
        message: 'Created user ops@example.com (Ops), role OPERATOR, workspaces: all workspaces.',
      });
      expect(JSON.stringify(events)).not.toContain('long-enough-pw');
    } finally {
      await orm.close(true);
    }
    const again = capture();
    expect(await runCli(args, cli.env, again.io)).toBe(1);
    expect(again.err.join('\n')).toContain('already exists');
  });

  it('creates a user limited to workspaces with a one-time password to change at the first sign-in', async () => {
    const created = capture();
    expect(await runCli(['create-user', '--email', 'temp@example.com', '--workspaces', 'default'], cli.env, created.io)).toBe(0);
    expect(created.out.join('\n')).toContain('Created VIEWER user temp@example.com (temp@example.com) in workspaces default.');
    const oneTime = created.out.map((l) => l.trim()).find((l) => /^[\w-]{24}$/.test(l));
    expect(oneTime).toBeDefined();
    const orm = await createOrm(cli.db.database);
    try {
      const auth = new AuthService({ orm, bus: new InProcessEventBus(), sessionTtlMs: 60_000 });
      const { user } = await auth.sessions.login('temp@example.com', oneTime!, '127.0.0.1');
      expect(user).toMatchObject({ mustChangePassword: true, workspaceSlugs: ['default'] });
      const events = await orm.em.fork().find(AuditEvent, { type: 'USER_CREATED' }, { orderBy: { at: 'asc' } });
      expect(events.at(-1)).toMatchObject({ actor: 'command line', message: expect.stringContaining('temp@example.com') });
      expect(JSON.stringify(events)).not.toContain(oneTime!);
    } finally {
      await orm.close(true);
    }
    const unknown = capture();
    expect(await runCli(['create-user', '--email', 'x@example.com', '--workspaces', 'nope'], cli.env, unknown.io)).toBe(1);
    expect(unknown.err.join('\n')).toContain('There is no workspace "nope".');
  });

  it('creates an API key, prints it once, and the key authenticates in its workspace', async () => {
    const result = capture();
    expect(await runCli(['create-api-key', '--name', 'billing', '--role', 'VIEWER'], cli.env, result.io)).toBe(0);
    const key = result.out.map((l) => l.trim()).find((l) => l.startsWith('gk_'));
    expect(key).toMatch(/^gk_[\w-]{43}$/);
    const orm = await createOrm(cli.db.database);
    try {
      const principal = await new AuthService({ orm, bus: new InProcessEventBus(), sessionTtlMs: 60_000 }).authenticate({
        authorization: `Bearer ${key}`,
      });
      expect(principal).toMatchObject({ kind: 'apiKey', apiKey: { name: 'billing', role: 'VIEWER' }, workspace: { slug: 'default' } });
    } finally {
      await orm.close(true);
    }
    const proxy = capture();
    const proxyArgs = ['create-api-key', '--name', 'etl', '--connection-access', 'proxy', '--connections', 'CRM, ERP'];
    expect(await runCli(proxyArgs, cli.env, proxy.io)).toBe(0);
    expect(proxy.out.join('\n')).toContain('Connection access: PROXY (CRM, ERP).');
    const proxyKey = proxy.out.map((l) => l.trim()).find((l) => l.startsWith('gk_'));
    const orm2 = await createOrm(cli.db.database);
    try {
      const principal = await new AuthService({ orm: orm2, bus: new InProcessEventBus(), sessionTtlMs: 60_000 }).authenticate({
        authorization: `Bearer ${proxyKey}`,
      });
      expect(principal).toMatchObject({ apiKey: { name: 'etl', connectionAccess: 'PROXY', connectionCodes: ['CRM', 'ERP'] } });
    } finally {
      await orm2.close(true);
    }
    const expiring = capture();
    expect(await runCli(['create-api-key', '--name', 'nightly', '--expires-in-days', '30'], cli.env, expiring.io)).toBe(0);
    const expiresLine = expiring.out.find((l) => l.startsWith('It expires at '));
    const days = (new Date(expiresLine!.slice('It expires at '.length, -1)).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const badDays = capture();
    expect(await runCli(['create-api-key', '--name', 'y', '--expires-in-days', '0'], cli.env, badDays.io)).toBe(2);
    expect(badDays.err.join('\n')).toContain('--expires-in-days must be a whole number');
    const badLevel = capture();
    expect(await runCli(['create-api-key', '--name', 'x', '--connection-access', 'ALL'], cli.env, badLevel.io)).toBe(2);
    expect(badLevel.err.join('\n')).toContain('--connection-access must be NONE, PROXY or TOKEN.');
    const missing = capture();
    expect(await runCli(['create-api-key', '--name', 'x', '--workspace', 'nope'], cli.env, missing.io)).toBe(2);
    expect(missing.err.join('\n')).toContain('There is no workspace "nope"');
  });

  it('explains usage mistakes with exit code 2 and bad configuration with exit code 1', async () => {
    const unknown = capture();
    expect(await runCli(['frobnicate'], cli.env, unknown.io)).toBe(2);
    expect(unknown.err.join('\n')).toContain('Usage: grantkeeper');
    const missing = capture();
    expect(await runCli(['create-user', '--password', 'long-enough-pw'], cli.env, missing.io)).toBe(2);
    expect(missing.err.join('\n')).toContain('--email is required.');
    const badEnv = capture();
    expect(await runCli(['migrate'], { ...cli.env, MASTER_KEY: 'nope' }, badEnv.io)).toBe(1);
    expect(badEnv.err.join('\n')).toContain('MASTER_KEY');
    const neither = capture();
    expect(await runCli(['rotate-master-key'], cli.env, neither.io)).toBe(2);
  });

  it('rotates the file-based master key: every secret decrypts with the new key alone', async () => {
    expect(await runCli(['migrate'], cli.env, capture().io)).toBe(0);
    const before = await loadMasterKeys({ masterKey: null, previousMasterKeys: [], dataDir: cli.dataDir });
    const orm = await createOrm(cli.db.database);
    try {
      await migrate(orm);
      const { plain } = await storeSecrets(orm, createVault(before));

      const result = capture();
      const code = await runCli(['rotate-master-key', '--generate'], cli.env, result.io);
      expect(result.err).toEqual([]);
      expect(code).toBe(0);
      expect(result.out.join('\n')).toContain('Re-encrypted 5 stored value(s)');

      const newKeyText = (await readFile(join(cli.dataDir, 'master.key'), 'utf8')).trim();
      const newKey = parseMasterKey(newKeyText);
      expect(newKey.id).not.toBe(before.active.id);
      expect((await stat(join(cli.dataDir, 'master.key'))).mode & 0o777).toBe(0o600);
      expect(result.out.join('\n')).not.toContain(newKeyText);

      const onlyNew = new TokenVault({ activeKey: newKey });
      const read = await readSecrets(orm, onlyNew);
      expect(read).toMatchObject(plain);
      expect(read.version).toBe(1); // the token state's CAS version is untouched
      const onlyOld = new TokenVault({ activeKey: before.active });
      await expect(readSecrets(orm, onlyOld)).rejects.toMatchObject({ code: 'UNKNOWN_KEY_ID' });

      // The old key stays available as a previous key; a restart loads both.
      const after = await loadMasterKeys({ masterKey: null, previousMasterKeys: [], dataDir: cli.dataDir });
      expect(after.active.id).toBe(newKey.id);
      expect(after.previous.map((k: VaultKey) => k.id)).toEqual([before.active.id]);
      expect(await countValuesNotUnderActiveKey(orm, createVault(after))).toBe(0);
      expect(await countValuesNotUnderActiveKey(orm, createVault(before))).toBe(5);
    } finally {
      await orm.close(true);
    }
  });

  it('rotates an environment master key to a given key and says what to set', async () => {
    const oldKey = generateMasterKey();
    const newKey = generateMasterKey();
    const keyEnv = { ...cli.env, MASTER_KEY: oldKey };
    expect(await runCli(['migrate'], keyEnv, capture().io)).toBe(0);
    const orm = await createOrm(cli.db.database);
    try {
      const { plain } = await storeSecrets(orm, new TokenVault({ activeKey: parseMasterKey(oldKey) }));
      const result = capture();
      expect(await runCli(['rotate-master-key', '--new-key', newKey], keyEnv, result.io)).toBe(0);
      const text = result.out.join('\n');
      expect(text).toContain('MASTER_KEY_PREVIOUS=<your current MASTER_KEY>');
      expect(text).not.toContain(oldKey);
      expect(text).not.toContain(newKey);
      expect(await readSecrets(orm, new TokenVault({ activeKey: parseMasterKey(newKey) }))).toMatchObject(plain);

      const again = capture();
      expect(await runCli(['rotate-master-key', '--new-key', newKey], { ...cli.env, MASTER_KEY: newKey }, again.io)).toBe(2);
      expect(again.err.join('\n')).toContain('already in use');
    } finally {
      await orm.close(true);
    }
  });
});

describe('CLI paths', () => {
  it('resolves a relative DATA_DIR against the directory pnpm was run from (INIT_CWD)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gk-initcwd-'));
    try {
      expect(await runCli(['migrate'], { INIT_CWD: root, DATA_DIR: 'data' }, capture().io)).toBe(0);
      expect((await stat(join(root, 'data', 'grantkeeper.sqlite'))).isFile()).toBe(true);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
