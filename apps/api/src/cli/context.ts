/**
 * What every CLI command needs: config, a migrated database, and the event bus (Redis with
 * REDIS_URL: a change made here invalidates the caches of every running instance).
 */
import { mkdir } from 'node:fs/promises';
import type { AppConfig } from '../config.js';
import { createEventBus, type EventBus } from '../events/index.js';
import { createLogger, type Logger } from '../logger.js';
import { createOrm, migrate, type Orm } from '../persistence/orm.js';

export interface CliContext {
  config: AppConfig;
  orm: Orm;
  logger: Logger;
  bus: EventBus;
  appliedMigrations: string[];
}

export async function closeContext(ctx: CliContext): Promise<void> {
  await ctx.bus.close();
  await ctx.orm.close(true);
}

export async function openContext(config: AppConfig): Promise<CliContext> {
  // Owner-only: the database, the key file and everything else secret live here.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  // Problems only, to stderr: the CLI's own output is for people.
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const orm = await createOrm(config.database, logger);
  try {
    const appliedMigrations = await migrate(orm);
    const bus = await createEventBus({ redisUrl: config.redisUrl ?? undefined, logger });
    return { config, orm, logger, bus, appliedMigrations };
  } catch (err) {
    await orm.close(true);
    throw err;
  }
}
