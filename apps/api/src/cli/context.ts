/** What every CLI command needs: config, a migrated database, and the master keys. */
import { mkdir } from 'node:fs/promises';
import type { AppConfig } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { createOrm, migrate, type Orm } from '../persistence/orm.js';

export interface CliContext {
  config: AppConfig;
  orm: Orm;
  logger: Logger;
  appliedMigrations: string[];
}

export async function openContext(config: AppConfig): Promise<CliContext> {
  // Owner-only: the database, the key file and everything else secret live here.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  // Problems only, to stderr: the CLI's own output is for people.
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const orm = await createOrm(config.database, logger);
  try {
    const appliedMigrations = await migrate(orm);
    return { config, orm, logger, appliedMigrations };
  } catch (err) {
    await orm.close(true);
    throw err;
  }
}
