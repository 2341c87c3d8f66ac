import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/index.js';
import { createTestDatabase, testDatabases, type TestDatabase } from '../testing/databases.js';
import { ApiKey, AuditEvent, Session, User } from '../persistence/entities/index.js';
import { createOrm, migrate, type Orm } from '../persistence/orm.js';
import { AuthService } from './auth-service.js';
import { bootstrap, GENERATED_ADMIN_EMAIL } from './bootstrap.js';
import { ServiceError } from '../services/errors.js';
import { sha256Hex } from './secrets.js';

async function rejection(promise: Promise<unknown>): Promise<ServiceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ServiceError);
  return err as ServiceError;
}

describe.each(testDatabases())('AuthService on %s', (kind) => {
  let db: TestDatabase;
  let orm: Orm;
  let now = new Date('2026-11-28T08:00:00Z');
  let auth: AuthService;
  const bus = new InProcessEventBus();
  const password = 'operator-password';

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    orm = await createOrm(db.database);
    await migrate(orm);
    auth = new AuthService({ orm, bus, sessionTtlMs: 3_600_000, now: () => now, loginMaxFailures: 3 });
  });

  afterAll(async () => {
    auth?.close();
    await orm?.close(true);
    await db?.drop();
  });

  it('bootstraps the default workspace and a generated admin with a one-time password, once', async () => {
    const first = await bootstrap(auth, { bootstrapAdmin: null });
    expect(first.defaultWorkspace.slug).toBe('default');
    expect(first.createdAdmin?.user).toMatchObject({ email: GENERATED_ADMIN_EMAIL, role: 'ADMIN' });
    const oneTime = first.createdAdmin?.oneTimePassword ?? '';
    expect(oneTime.length).toBeGreaterThanOrEqual(16);
    const login = await auth.sessions.login(GENERATED_ADMIN_EMAIL, oneTime, '10.0.0.1');
    expect(login.user.role).toBe('ADMIN');
    expect(login.user.mustChangePassword).toBe(true);
    // Audited in the default workspace, by the first start; not the password.
    const created = await orm.em.fork().find(AuditEvent, { type: 'USER_CREATED' });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      workspaceId: first.defaultWorkspace.id,
      actor: 'first start',
      message: `Created user ${GENERATED_ADMIN_EMAIL} (Administrator), role ADMIN, workspaces: all workspaces.`,
    });
    expect(JSON.stringify(created)).not.toContain(oneTime);

    const second = await bootstrap(auth, { bootstrapAdmin: { email: 'other@example.com', password: 'whatever1' } });
    expect(second.createdAdmin).toBeNull();
    expect(second.defaultWorkspace.id).toBe(first.defaultWorkspace.id);
  });

  it('stores only a salted scrypt hash of the password and signs in case-insensitively by email', async () => {
    const user = await auth.users.create({ email: 'Op@Example.com', password, displayName: 'Olga', role: 'OPERATOR' });
    expect(user).toMatchObject({ email: 'op@example.com', displayName: 'Olga', role: 'OPERATOR' });
    const row = await orm.em.fork().findOneOrFail(User, { id: user.id });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(password);

    const login = await auth.sessions.login('OP@example.com ', password, '10.0.0.2', 'vitest');
    expect(login.user.id).toBe(user.id);
    const session = await orm.em.fork().findOneOrFail(Session, { id: login.sessionId });
    expect(session.tokenHash).toBe(sha256Hex(login.token));
    expect(JSON.stringify(session)).not.toContain(login.token);
  });

  it('rejects duplicate users and invalid input with stable codes', async () => {
    expect((await rejection(auth.users.create({ email: 'op@example.com', password, role: 'VIEWER' }))).code).toBe('CONFLICT');
    expect((await rejection(auth.users.create({ email: 'nope', password, role: 'VIEWER' }))).code).toBe('BAD_USER_INPUT');
    expect((await rejection(auth.users.create({ email: 'a@b.c', password: 'short', role: 'VIEWER' }))).code).toBe('BAD_USER_INPUT');
    expect((await rejection(auth.users.create({ email: 'a@b.c', password, role: 'ROOT' as 'ADMIN' }))).code).toBe('BAD_USER_INPUT');
  });

  it('authenticates a session from its token, in the default or the named workspace', async () => {
    const { token } = await auth.sessions.login('op@example.com', password, '10.0.0.3');
    const principal = await auth.authenticate({ sessionToken: token });
    expect(principal).toMatchObject({ kind: 'user', user: { email: 'op@example.com' }, workspace: { slug: 'default' } });

    const sandbox = await auth.workspaces.create({ slug: 'acme-sandbox', company: 'Acme', environment: 'sandbox' });
    const inSandbox = await auth.authenticate({ sessionToken: token, workspaceSlug: 'acme-sandbox' });
    expect(inSandbox?.workspace).toEqual(sandbox);

    expect((await rejection(auth.authenticate({ sessionToken: token, workspaceSlug: 'missing' }))).code).toBe('NOT_FOUND');
    expect(await auth.authenticate({ sessionToken: 'forged' })).toBeNull();
    expect(await auth.authenticate({})).toBeNull();
  });

  it('expires idle sessions, slides active ones, and ends them at logout', async () => {
    const local = new AuthService({ orm, bus, sessionTtlMs: 3_600_000, now: () => now, cacheTtlMs: 1 });
    const { token, sessionId } = await local.sessions.login('op@example.com', password, '10.0.0.4');
    now = new Date(now.getTime() + 50 * 60_000);
    expect(await local.authenticate({ sessionToken: token })).not.toBeNull(); // slides to +60 min from here
    await local.settled(); // the sliding write is in the background
    now = new Date(now.getTime() + 50 * 60_000);
    expect(await local.authenticate({ sessionToken: token })).not.toBeNull();
    now = new Date(now.getTime() + 61 * 60_000);
    expect(await local.authenticate({ sessionToken: token })).toBeNull();

    const second = await local.sessions.login('op@example.com', password, '10.0.0.4');
    expect(await local.authenticate({ sessionToken: second.token })).not.toBeNull();
    await local.sessions.logout(second.sessionId);
    expect(await local.authenticate({ sessionToken: second.token })).toBeNull();
    expect(sessionId).not.toBe(second.sessionId);
    local.close();
  });

  it('rate-limits failed sign-ins per address with a clear error, without locking the owner out', async () => {
    await auth.users.create({ email: 'target@example.com', password, role: 'VIEWER' });
    for (let i = 0; i < 3; i++) {
      const err = await rejection(auth.sessions.login('target@example.com', 'wrong-password', '10.1.0.1'));
      expect(err).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    }
    // The guessing address is refused even with the right password (growing delays and a cap:
    // auth/login-limiter.int.test.ts)...
    const locked = await rejection(auth.sessions.login('target@example.com', password, '10.1.0.1'));
    expect(locked).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS' });
    expect(locked.message).toMatch(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./);
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    // ...the owner, from another address, is not.
    expect((await auth.sessions.login('target@example.com', password, '10.9.9.9')).user.email).toBe('target@example.com');

    // One address guessing many accounts is limited too.
    for (let i = 0; i < 3; i++) await rejection(auth.sessions.login(`nobody${i}@example.com`, 'x', '10.2.0.1'));
    expect((await rejection(auth.sessions.login('op@example.com', password, '10.2.0.1'))).reason).toBe('TOO_MANY_ATTEMPTS');
    expect((await auth.sessions.login('op@example.com', password, '10.2.0.2')).user.email).toBe('op@example.com');
  });

  it('creates API keys shown once, stored hashed, bound to one workspace and role', async () => {
    const workspace = (await auth.workspaces.list()).find((w) => w.slug === 'default')!;
    const created = await auth.apiKeys.create({ workspaceId: workspace.id, name: 'billing', role: 'VIEWER' });
    expect(created.key).toMatch(/^gk_[\w-]{43}$/);
    const row = await orm.em.fork().findOneOrFail(ApiKey, { id: created.apiKey.id });
    expect(row.keyHash).toBe(sha256Hex(created.key));
    expect(JSON.stringify(await auth.apiKeys.list(workspace.id))).not.toContain(created.key);

    const principal = await auth.authenticate({ authorization: `Bearer ${created.key}` });
    expect(principal).toEqual({
      kind: 'apiKey',
      apiKey: { id: created.apiKey.id, name: 'billing', role: 'VIEWER', connectionAccess: 'NONE', connectionCodes: null },
      workspace,
    });
    expect(await auth.authenticate({ authorization: `bearer ${created.key}`, workspaceSlug: 'default' })).not.toBeNull();
    expect((await rejection(auth.authenticate({ authorization: `Bearer ${created.key}`, workspaceSlug: 'acme-sandbox' }))).code).toBe(
      'FORBIDDEN',
    );
    expect((await auth.workspaces.list(principal)).map((w) => w.slug)).toEqual(['default']);

    await auth.settled(); // lastUsedAt is written in the background
    expect((await orm.em.fork().findOneOrFail(ApiKey, { id: created.apiKey.id })).lastUsedAt).not.toBeNull();
  });

  it('rejects unknown, malformed and deleted API keys', async () => {
    const workspace = (await auth.workspaces.list())[0]!;
    const created = await auth.apiKeys.create({ workspaceId: workspace.id, name: 'temp', role: 'ADMIN' });
    expect(await auth.authenticate({ authorization: `Bearer ${created.key}` })).not.toBeNull(); // now cached
    expect(await auth.apiKeys.delete(workspace.id, created.apiKey.id)).toBe(true);
    expect(await auth.apiKeys.delete(workspace.id, created.apiKey.id)).toBe(false);
    const deleted = await rejection(auth.authenticate({ authorization: `Bearer ${created.key}` }));
    expect(deleted).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_API_KEY' });
    expect(deleted.message).not.toContain(created.key);
    expect((await rejection(auth.authenticate({ authorization: 'Bearer gk_unknown' }))).reason).toBe('INVALID_API_KEY');
    expect((await rejection(auth.authenticate({ authorization: 'Basic abc' }))).reason).toBe('MALFORMED_AUTHORIZATION');
  });

  it('does not delete a key through another workspace', async () => {
    const [first] = await auth.workspaces.list();
    const other = await auth.workspaces.create({ slug: 'other', company: 'Other', environment: 'production' });
    const created = await auth.apiKeys.create({ workspaceId: first!.id, name: 'mine', role: 'OPERATOR' });
    expect(await auth.apiKeys.delete(other.id, created.apiKey.id)).toBe(false);
    expect(await auth.authenticate({ authorization: `Bearer ${created.key}` })).not.toBeNull();
  });

  it('a sign-out or a key deletion on one instance reaches the caches of another at once', async () => {
    const other = new AuthService({ orm, bus, sessionTtlMs: 3_600_000, now: () => now, cacheTtlMs: 3_600_000 });
    const workspace = (await auth.workspaces.list())[0]!;
    const created = await auth.apiKeys.create({ workspaceId: workspace.id, name: 'shared', role: 'VIEWER' });
    const { token, sessionId } = await auth.sessions.login('op@example.com', password, '10.0.0.5');
    expect(await other.authenticate({ authorization: `Bearer ${created.key}` })).not.toBeNull(); // cached there
    expect(await other.authenticate({ sessionToken: token })).not.toBeNull(); // cached there

    expect(await auth.apiKeys.delete(workspace.id, created.apiKey.id)).toBe(true);
    await auth.sessions.logout(sessionId);
    expect((await rejection(other.authenticate({ authorization: `Bearer ${created.key}` }))).reason).toBe('INVALID_API_KEY');
    expect(await other.authenticate({ sessionToken: token })).toBeNull();
    other.close();
  });

  it('validates workspaces and refuses duplicates', async () => {
    expect((await rejection(auth.workspaces.create({ slug: 'Bad Slug', company: 'x', environment: 'y' }))).code).toBe('BAD_USER_INPUT');
    expect((await rejection(auth.workspaces.create({ slug: 'default', company: 'x', environment: 'y' }))).code).toBe('CONFLICT');
  });
});
