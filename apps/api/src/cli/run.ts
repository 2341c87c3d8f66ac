/**
 * `grantkeeper` CLI: create-user, create-api-key, migrate, rotate-master-key. Reads the same
 * environment as the server (DATA_DIR, DATABASE_URL, MASTER_KEY, …).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { closeContext, openContext, type CliContext } from './context.js';
import { UsageError, processIo, type CliIo } from './io.js';
import { rotateMasterKeyCommand } from './rotate-master-key.js';
import { createApiKeyCommand, createUserCommand, deleteApiKeyCommand } from './user-commands.js';

export const usage = `Usage: grantkeeper <command> [options]

Commands:
  migrate                                   apply pending database migrations
  create-user --email <e> [--password <p>] [--name <display name>] [--role ADMIN|OPERATOR|VIEWER]
              [--workspaces <slug,slug>]   (without --password: prints a one-time password once)
  create-api-key --name <n> [--role ADMIN|OPERATOR|VIEWER] [--workspace <slug>]   (prints the key once)
                 [--connection-access NONE|PROXY|TOKEN] [--connections CODE,CODE] [--expires-in-days <n>]
  delete-api-key --id <id> [--workspace <slug>]   (every running instance stops accepting it)
  rotate-master-key --new-key <base64 of 32 bytes> | --generate

Configuration comes from the environment, as for the server (DATA_DIR, DATABASE_URL, MASTER_KEY, …).`;

const options = {
  email: { type: 'string' },
  password: { type: 'string' },
  name: { type: 'string' },
  id: { type: 'string' },
  role: { type: 'string' },
  workspace: { type: 'string' },
  workspaces: { type: 'string' },
  'connection-access': { type: 'string' },
  connections: { type: 'string' },
  'expires-in-days': { type: 'string' },
  'new-key': { type: 'string' },
  generate: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Command = (ctx: CliContext, values: Record<string, string | boolean | undefined>, io: CliIo) => Promise<void>;

const commands: Record<string, Command> = {
  async migrate(ctx, _values, io) {
    io.out(
      ctx.appliedMigrations.length === 0
        ? 'The database is up to date.'
        : `Applied ${ctx.appliedMigrations.length} migration(s): ${ctx.appliedMigrations.join(', ')}.`,
    );
  },
  'create-user': (ctx, v, io) =>
    createUserCommand(
      ctx,
      {
        email: v.email as string,
        password: v.password as string | undefined,
        name: v.name as string,
        role: v.role as string,
        workspaces: v.workspaces as string | undefined,
      },
      io,
    ),
  'create-api-key': (ctx, v, io) =>
    createApiKeyCommand(
      ctx,
      {
        name: v.name as string,
        role: v.role as string,
        workspace: v.workspace as string,
        connectionAccess: v['connection-access'] as string | undefined,
        connections: v.connections as string | undefined,
        expiresInDays: v['expires-in-days'] as string | undefined,
      },
      io,
    ),
  'delete-api-key': (ctx, v, io) => deleteApiKeyCommand(ctx, { id: v.id as string, workspace: v.workspace as string }, io),
  'rotate-master-key': (ctx, v, io) =>
    rotateMasterKeyCommand(ctx, { newKey: v['new-key'] as string | undefined, generate: v.generate === true }, io),
};

/** Run one command; resolves to the process exit code. */
export async function runCli(argv: readonly string[], env: Record<string, string | undefined>, io: CliIo = processIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  const [name, ...rest] = parsed.positionals;
  if (parsed.values.help === true || name === undefined || name === 'help') {
    io.out(usage);
    return name === undefined && parsed.values.help !== true ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined || rest.length > 0) {
    io.err(`Unknown command "${[name, ...rest].join(' ')}".\n\n${usage}`);
    return 2;
  }

  let ctx: CliContext;
  try {
    // Relative paths resolve where the user ran `pnpm …` (INIT_CWD), as for the server.
    ctx = await openContext(loadConfig(env, env.INIT_CWD ?? process.cwd()));
  } catch (err) {
    io.err(err instanceof ConfigError ? err.message : `Could not open the database: ${(err as Error).message}`);
    return 1;
  }
  try {
    await command(ctx, parsed.values, io);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${usage}`);
      return 2;
    }
    io.err(`${name} failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await closeContext(ctx);
  }
}
