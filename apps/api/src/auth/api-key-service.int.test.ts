import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/index.js';
import { createTestDatabase, testDatabases, type TestDatabase } from '../testing/databases.js';
import { createOrm, migrate, migratorOf, type Orm } from '../persistence/orm.js';
import { ServiceError } from '../services/errors.js';
import { AuthService } from './auth-service.js';
import type { WorkspaceInfo } from './principal.js';

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}

describe.each(testDatabases())('API keys on %s: names, prefix, expiry', (kind) => {
  let db: TestDatabase;
  let orm: Orm;
  let now = new Date('2026-12-01T08:00:00Z');
  let auth: AuthService;
  let main: WorkspaceInfo;
  let other: WorkspaceInfo;
  const bus = new InProcessEventBus();

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    orm = await createOrm(db.database);
    await migrate(orm);
    auth = new AuthService({ orm, bus, sessionTtlMs: 3_600_000, now: () => now, loginMaxFailures: 3 });
    main = await auth.workspaces.create({ slug: 'a11y-main', company: 'Acme', environment: 'prod' });
    other = await auth.workspaces.create({ slug: 'a11y-other', company: 'Acme', environment: 'test' });
  });

  afterAll(async () => {
    auth?.close();
    await orm?.close(true);
    await db?.drop();
  });

  it('refuses a second key with the same name in a workspace, but not in another one', async () => {
    await auth.apiKeys.create({ workspaceId: main.id, name: 'billing', role: 'VIEWER' });
    const duplicate = await rejection(auth.apiKeys.create({ workspaceId: main.id, name: ' billing ', role: 'ADMIN' }));
    expect(duplicate.code).toBe('CONFLICT');
    expect(duplicate.message).toContain('"billing"');
    const elsewhere = await auth.apiKeys.create({ workspaceId: other.id, name: 'billing', role: 'VIEWER' });
    expect(elsewhere.apiKey.name).toBe('billing');
    expect((await auth.apiKeys.list(main.id)).filter((k) => k.name === 'billing')).toHaveLength(1);
  });

  it('the cached path (the proxy) remembers the header, never the verdict: a deleted or expired key is refused at once', async () => {
    const created = await auth.apiKeys.create({ workspaceId: main.id, name: 'hot path', role: 'VIEWER' });
    const header = `Bearer ${created.key}`;
    expect(auth.apiKeys.cached(header)).toBeUndefined(); // not loaded yet
    await auth.authenticate({ authorization: header });
    expect(auth.apiKeys.cached(header)).toMatchObject({ kind: 'apiKey', apiKey: { id: created.apiKey.id } });
    expect(auth.apiKeys.cached(`Bearer  ${created.key} `)).toMatchObject({ apiKey: { id: created.apiKey.id } });
    // One principal per cached key, handed to every request (nothing made per request).
    const principal = auth.apiKeys.cached(header);
    expect(auth.apiKeys.cached(header)).toBe(principal);
    expect(await auth.authenticate({ authorization: header })).toBe(principal);
    expect(auth.apiKeys.cached('Basic abc')).toBeUndefined();
    expect(await auth.apiKeys.delete(main.id, created.apiKey.id)).toBe(true);
    expect(auth.apiKeys.cached(header)).toBeUndefined();

    const expiring = await auth.apiKeys.create({
      workspaceId: main.id,
      name: 'hot expiring',
      role: 'VIEWER',
      expiresAt: new Date(now.getTime() + 60_000),
    });
    await auth.authenticate({ authorization: `Bearer ${expiring.key}` });
    expect(auth.apiKeys.cached(`Bearer ${expiring.key}`)).toBeDefined();
    now = new Date(now.getTime() + 61_000);
    expect(auth.apiKeys.cached(`Bearer ${expiring.key}`)).toBeUndefined();
  });

  it('keeps a visible prefix: the first characters of the key, never the whole key', async () => {
    const created = await auth.apiKeys.create({ workspaceId: main.id, name: 'prefix', role: 'VIEWER' });
    expect(created.apiKey.prefix).toBe(created.key.slice(0, 9));
    expect(created.apiKey.prefix).toMatch(/^gk_[\w-]{6}$/);
    const listed = (await auth.apiKeys.list(main.id)).find((k) => k.id === created.apiKey.id)!;
    expect(listed.prefix).toBe(created.apiKey.prefix);
    expect(JSON.stringify(listed)).not.toContain(created.key);
  });

  it('accepts a key until its expiry and refuses it afterwards, even when cached', async () => {
    const expiresAt = new Date(now.getTime() + 60_000);
    const created = await auth.apiKeys.create({ workspaceId: main.id, name: 'expiring', role: 'VIEWER', expiresAt });
    expect(created.apiKey.expiresAt?.toISOString()).toBe(expiresAt.toISOString());
    const header = { authorization: `Bearer ${created.key}` };
    expect((await auth.authenticate(header))?.kind).toBe('apiKey');

    now = new Date(expiresAt.getTime());
    const refused = await rejection(auth.authenticate(header));
    expect(refused.code).toBe('UNAUTHENTICATED');
    expect(refused.reason).toBe('API_KEY_EXPIRED');
    expect(refused.message).not.toContain(created.key);
  });

  it('refuses an expiry that is not in the future', async () => {
    const past = await rejection(
      auth.apiKeys.create({ workspaceId: main.id, name: 'late', role: 'VIEWER', expiresAt: new Date(now.getTime() - 1) }),
    );
    expect(past.code).toBe('BAD_USER_INPUT');
    expect((await auth.apiKeys.list(main.id)).some((k) => k.name === 'late')).toBe(false);
  });
});

describe.each(testDatabases())('the API key migration on %s', (kind) => {
  it('gives existing duplicate names in a workspace their id, so that names can be unique', async () => {
    const db = await createTestDatabase(kind);
    const orm = await createOrm(db.database);
    try {
      await (await migratorOf(orm)).up({ to: 'Migration20261201000200_template_parameters' });
      const now = kind === 'sqlite' ? Date.now() : new Date().toISOString();
      const insert = `insert into "api_keys" ("id", "workspace_id", "name", "role", "key_hash", "created_at") values (?, ?, ?, 'VIEWER', ?, ?)`;
      for (const [id, workspace, hash] of [
        ['a-1', 'w-1', 'h1'],
        ['a-2', 'w-1', 'h2'],
        ['a-3', 'w-2', 'h3'],
      ]) {
        await orm.em.getConnection().execute(insert, [id, workspace, 'ops', hash, now]);
      }
      expect(await migrate(orm)).toContain('Migration20261201007000_api_key_fields');
      const rows: { id: string; name: string }[] = await orm.em
        .getConnection()
        .execute(`select "id", "name" from "api_keys" order by "id"`);
      expect(rows.map((r) => [r.id, r.name])).toEqual([
        ['a-1', 'ops'],
        ['a-2', 'ops (a-2)'],
        ['a-3', 'ops'],
      ]);
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});
