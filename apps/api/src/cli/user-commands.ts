/** create-user, create-api-key, delete-api-key: the auth services, with the CLI's event bus. */
import { AuthService, commandLineActor, DEFAULT_WORKSPACE_SLUG, isRole, type Role, type WorkspaceInfo } from '../auth/index.js';
import type { CliContext } from './context.js';
import { UsageError, type CliIo } from './io.js';

function role(value: string | undefined, fallback?: Role): Role {
  const r = (value ?? fallback)?.toUpperCase();
  if (!isRole(r)) throw new UsageError('--role must be ADMIN, OPERATOR or VIEWER.');
  return r;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required.`);
  return value;
}

function authService(ctx: CliContext): AuthService {
  return new AuthService({
    orm: ctx.orm,
    bus: ctx.bus,
    logger: ctx.logger,
    sessionTtlMs: ctx.config.sessionTtlHours * 3_600_000,
  });
}

async function findWorkspace(auth: AuthService, slug = DEFAULT_WORKSPACE_SLUG): Promise<WorkspaceInfo> {
  const workspace = await auth.workspaces.find(slug);
  if (workspace === null) throw new UsageError(`There is no workspace "${slug}".`);
  return workspace;
}

/**
 * create-user: with --password, the user signs in with it; without, a one-time password is
 * printed once and must be changed at the first sign-in. --workspaces limits the user. Audited in
 * the default workspace, by "command line".
 */
export async function createUserCommand(
  ctx: CliContext,
  args: { email?: string; password?: string; name?: string; role?: string; workspaces?: string | undefined },
  io: CliIo,
): Promise<void> {
  const auth = authService(ctx);
  const by = { workspaceId: (await auth.workspaces.ensureDefault()).id, actor: commandLineActor };
  const input = {
    email: required(args.email, 'email'),
    displayName: args.name,
    role: role(args.role, 'VIEWER'),
    workspaceSlugs: slugsOf(args.workspaces),
  };
  const limit = input.workspaceSlugs === null ? '' : ` in workspaces ${input.workspaceSlugs.join(', ')}`;
  if (args.password !== undefined) {
    const user = await auth.users.create({ ...input, password: required(args.password, 'password') }, by);
    io.out(`Created ${user.role} user ${user.email} (${user.displayName})${limit}.`);
    return;
  }
  const created = await auth.users.createWithOneTimePassword(input, by);
  io.out(`Created ${created.user.role} user ${created.user.email} (${created.user.displayName})${limit}.`);
  io.out('Their one-time password is shown only this once; they must change it at the first sign-in:');
  io.out('');
  io.out(`  ${created.oneTimePassword}`);
  io.out('');
}

/** --workspaces a,b (omitted: every workspace). */
function slugsOf(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  return value
    .split(',')
    .map((slug) => slug.trim())
    .filter((slug) => slug !== '');
}

export async function createApiKeyCommand(
  ctx: CliContext,
  args: {
    name?: string;
    role?: string;
    workspace?: string;
    connectionAccess?: string | undefined;
    connections?: string | undefined;
    expiresInDays?: string | undefined;
  },
  io: CliIo,
): Promise<void> {
  const auth = authService(ctx);
  await auth.workspaces.ensureDefault();
  const workspace = await findWorkspace(auth, args.workspace);
  const created = await auth.apiKeys.create(
    {
      workspaceId: workspace.id,
      name: required(args.name, 'name'),
      role: role(args.role, 'VIEWER'),
      expiresAt: expiryOf(args.expiresInDays),
      ...connectionAccessOf(args),
    },
    commandLineActor,
  );
  io.out(`Created ${created.apiKey.role} API key "${created.apiKey.name}" (id ${created.apiKey.id}) for workspace "${workspace.slug}".`);
  io.out('The key is shown only this once; store it now:');
  io.out('');
  io.out(`  ${created.key}`);
  io.out('');
  if (created.apiKey.expiresAt) io.out(`It expires at ${created.apiKey.expiresAt.toISOString()}.`);
  if (created.apiKey.connectionAccess !== 'NONE') {
    const codes = created.apiKey.connectionCodes?.join(', ') ?? 'every connection of the workspace';
    io.out(`Connection access: ${created.apiKey.connectionAccess} (${codes}).`);
  }
  io.out('Send it as "Authorization: Bearer <key>".');
}

/** Delete an API key; with REDIS_URL every running instance forgets it at once. */
export async function deleteApiKeyCommand(ctx: CliContext, args: { id?: string; workspace?: string }, io: CliIo): Promise<void> {
  const auth = authService(ctx);
  const workspace = await findWorkspace(auth, args.workspace);
  const id = required(args.id, 'id');
  if (!(await auth.apiKeys.delete(workspace.id, id, commandLineActor))) {
    throw new UsageError(`There is no API key "${id}" in workspace "${workspace.slug}".`);
  }
  io.out(`Deleted API key ${id} of workspace "${workspace.slug}".`);
}

/** --connection-access NONE|PROXY|TOKEN and --connections CODE,CODE (omitted: every connection). */
/** `--expires-in-days n` (1 to 3650) from now; absent: the key never expires. */
function expiryOf(days: string | undefined): Date | null {
  if (days === undefined) return null;
  const n = Number(days);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new UsageError('--expires-in-days must be a whole number from 1 to 3650.');
  return new Date(Date.now() + n * 86_400_000);
}

function connectionAccessOf(args: { connectionAccess?: string | undefined; connections?: string | undefined }) {
  const level = (args.connectionAccess ?? 'NONE').toUpperCase();
  if (level !== 'NONE' && level !== 'PROXY' && level !== 'TOKEN') {
    throw new UsageError('--connection-access must be NONE, PROXY or TOKEN.');
  }
  const codes = args.connections
    ?.split(',')
    .map((code) => code.trim())
    .filter((code) => code !== '');
  return { connectionAccess: level as 'NONE' | 'PROXY' | 'TOKEN', connectionCodes: codes ?? null };
}
