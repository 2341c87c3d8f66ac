import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabases, type TestDatabase } from '../testing/databases.js';
import { ApiKey, Session, User } from '../persistence/entities/index.js';
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
  const password = 'operator-password';

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    orm = await createOrm(db.database);
    await migrate(orm);
    auth = new AuthService({ orm, sessionTtlMs: 3_600_000, now: () => now, loginMaxFailures: 3 });
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('bootstraps the default workspace and a generated admin with a one-time password, once', async () => {
    const first = await bootstrap(auth, { bootstrapAdmin: null });
    expect(first.defaultWorkspace.slug).toBe('default');
    expect(first.createdAdmin?.user).toMatchObject({ email: GENERATED_ADMIN_EMAIL, role: 'ADMIN' });
    const oneTime = first.createdAdmin?.oneTimePassword ?? '';
    expect(oneTime.length).toBeGreaterThanOrEqual(16);
    const login = await auth.login(GENERATED_ADMIN_EMAIL, oneTime, '10.0.0.1');
    expect(login.user.role).toBe('ADMIN');

    const second = await bootstrap(auth, { bootstrapAdmin: { email: 'other@example.com', password: 'whatever1' } });
    expect(second.createdAdmin).toBeNull();
    expect(second.defaultWorkspace.id).toBe(first.defaultWorkspace.id);
  });

  it('stores only a salted scrypt hash of the password and signs in case-insensitively by email', async () => {
    const user = await auth.createUser({ email: 'Op@Example.com', password, displayName: 'Olga', role: 'OPERATOR' });
    expect(user).toMatchObject({ email: 'op@example.com', displayName: 'Olga', role: 'OPERATOR' });
    const row = await orm.em.fork().findOneOrFail(User, { id: user.id });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(password);

    const login = await auth.login('OP@example.com ', password, '10.0.0.2', 'vitest');
    expect(login.user.id).toBe(user.id);
    const session = await orm.em.fork().findOneOrFail(Session, { id: login.sessionId });
    expect(session.tokenHash).toBe(sha256Hex(login.token));
    expect(JSON.stringify(session)).not.toContain(login.token);
  });

  it('rejects duplicate users and invalid input with stable codes', async () => {
    expect((await rejection(auth.createUser({ email: 'op@example.com', password, role: 'VIEWER' }))).code).toBe(
      'CONFLICT',
    );
    expect((await rejection(auth.createUser({ email: 'nope', password, role: 'VIEWER' }))).code).toBe('BAD_USER_INPUT');
    expect((await rejection(auth.createUser({ email: 'a@b.c', password: 'short', role: 'VIEWER' }))).code).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      (await rejection(auth.createUser({ email: 'a@b.c', password, role: 'ROOT' as 'ADMIN' }))).code,
    ).toBe('BAD_USER_INPUT');
  });

  it('authenticates a session from the cookie header, in the default or the named workspace', async () => {
    const { token } = await auth.login('op@example.com', password, '10.0.0.3');
    const principal = await auth.authenticate({ cookie: `theme=dark; gk_session=${token}` });
    expect(principal).toMatchObject({ kind: 'user', user: { email: 'op@example.com' }, workspace: { slug: 'default' } });

    const sandbox = await auth.createWorkspace({ slug: 'acme-sandbox', company: 'Acme', environment: 'sandbox' });
    const inSandbox = await auth.authenticate({ sessionToken: token, workspaceSlug: 'acme-sandbox' });
    expect(inSandbox?.workspace).toEqual(sandbox);

    expect((await rejection(auth.authenticate({ sessionToken: token, workspaceSlug: 'missing' }))).code).toBe(
      'NOT_FOUND',
    );
    expect(await auth.authenticate({ sessionToken: 'forged' })).toBeNull();
    expect(await auth.authenticate({})).toBeNull();
  });

  it('expires idle sessions, slides active ones, and ends them at logout', async () => {
    const local = new AuthService({ orm, sessionTtlMs: 3_600_000, now: () => now, cacheTtlMs: 1 });
    const { token, sessionId } = await local.login('op@example.com', password, '10.0.0.4');
    now = new Date(now.getTime() + 50 * 60_000);
    expect(await local.authenticate({ sessionToken: token })).not.toBeNull(); // slides to +60 min from here
    await new Promise((r) => setTimeout(r, 50)); // the sliding write is in the background
    now = new Date(now.getTime() + 50 * 60_000);
    expect(await local.authenticate({ sessionToken: token })).not.toBeNull();
    now = new Date(now.getTime() + 61 * 60_000);
    expect(await local.authenticate({ sessionToken: token })).toBeNull();

    const second = await local.login('op@example.com', password, '10.0.0.4');
    expect(await local.authenticate({ sessionToken: second.token })).not.toBeNull();
    await local.logout(second.sessionId);
    expect(await local.authenticate({ sessionToken: second.token })).toBeNull();
    expect(sessionId).not.toBe(second.sessionId);
  });

  it('rate-limits failed sign-ins per address with a clear error, without locking the owner out', async () => {
    await auth.createUser({ email: 'target@example.com', password, role: 'VIEWER' });
    for (let i = 0; i < 3; i++) {
      const err = await rejection(auth.login('target@example.com', 'wrong-password', '10.1.0.1'));
      expect(err).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    }
    // The guessing address is refused even with the right password (growing delays and a cap:
    // auth/login-limiter.int.test.ts)...
    const locked = await rejection(auth.login('target@example.com', password, '10.1.0.1'));
    expect(locked).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS' });
    expect(locked.message).toMatch(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./);
    expect(locked.retryAfterSeconds).toBeGreaterThan(0);
    // ...the owner, from another address, is not.
    expect((await auth.login('target@example.com', password, '10.9.9.9')).user.email).toBe('target@example.com');

    // One address guessing many accounts is limited too.
    for (let i = 0; i < 3; i++) await rejection(auth.login(`nobody${i}@example.com`, 'x', '10.2.0.1'));
    expect((await rejection(auth.login('op@example.com', password, '10.2.0.1'))).reason).toBe('TOO_MANY_ATTEMPTS');
    expect((await auth.login('op@example.com', password, '10.2.0.2')).user.email).toBe('op@example.com');
  });

  it('creates API keys shown once, stored hashed, bound to one workspace and role', async () => {
    const workspace = (await auth.listWorkspaces()).find((w) => w.slug === 'default')!;
    const created = await auth.createApiKey({ workspaceId: workspace.id, name: 'billing', role: 'VIEWER' });
    expect(created.key).toMatch(/^gk_[\w-]{43}$/);
    const row = await orm.em.fork().findOneOrFail(ApiKey, { id: created.apiKey.id });
    expect(row.keyHash).toBe(sha256Hex(created.key));
    expect(JSON.stringify(await auth.listApiKeys(workspace.id))).not.toContain(created.key);

    const principal = await auth.authenticate({ authorization: `Bearer ${created.key}` });
    expect(principal).toEqual({
      kind: 'apiKey',
      apiKey: { id: created.apiKey.id, name: 'billing', role: 'VIEWER', connectionAccess: 'NONE', connectionCodes: null },
      workspace,
    });
    expect(await auth.authenticate({ authorization: `bearer ${created.key}`, workspaceSlug: 'default' })).not.toBeNull();
    expect(
      (await rejection(auth.authenticate({ authorization: `Bearer ${created.key}`, workspaceSlug: 'acme-sandbox' })))
        .code,
    ).toBe('FORBIDDEN');
    expect((await auth.listWorkspaces(principal)).map((w) => w.slug)).toEqual(['default']);

    await new Promise((r) => setTimeout(r, 50)); // lastUsedAt is written in the background
    expect((await orm.em.fork().findOneOrFail(ApiKey, { id: created.apiKey.id })).lastUsedAt).not.toBeNull();
  });

  it('rejects unknown, malformed and deleted API keys', async () => {
    const workspace = (await auth.listWorkspaces())[0]!;
    const created = await auth.createApiKey({ workspaceId: workspace.id, name: 'temp', role: 'ADMIN' });
    expect(await auth.authenticate({ authorization: `Bearer ${created.key}` })).not.toBeNull(); // now cached
    expect(await auth.deleteApiKey(workspace.id, created.apiKey.id)).toBe(true);
    expect(await auth.deleteApiKey(workspace.id, created.apiKey.id)).toBe(false);
    const deleted = await rejection(auth.authenticate({ authorization: `Bearer ${created.key}` }));
    expect(deleted).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INVALID_API_KEY' });
    expect(deleted.message).not.toContain(created.key);
    expect((await rejection(auth.authenticate({ authorization: 'Bearer gk_unknown' }))).reason).toBe('INVALID_API_KEY');
    expect((await rejection(auth.authenticate({ authorization: 'Basic abc' }))).reason).toBe('MALFORMED_AUTHORIZATION');
  });

  it('does not delete a key through another workspace', async () => {
    const [first] = await auth.listWorkspaces();
    const other = await auth.createWorkspace({ slug: 'other', company: 'Other', environment: 'production' });
    const created = await auth.createApiKey({ workspaceId: first!.id, name: 'mine', role: 'OPERATOR' });
    expect(await auth.deleteApiKey(other.id, created.apiKey.id)).toBe(false);
    expect(await auth.authenticate({ authorization: `Bearer ${created.key}` })).not.toBeNull();
  });

  it('validates workspaces and refuses duplicates', async () => {
    expect((await rejection(auth.createWorkspace({ slug: 'Bad Slug', company: 'x', environment: 'y' }))).code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await rejection(auth.createWorkspace({ slug: 'default', company: 'x', environment: 'y' }))).code).toBe(
      'CONFLICT',
    );
  });
});
