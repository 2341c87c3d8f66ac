#!/usr/bin/env node
/**
 * Boot: config (every problem listed, exit 1) -> DATA_DIR -> app (database, migrations, vault,
 * auth, domain) -> listen -> banner. SIGTERM/SIGINT close the app cleanly (refresher first, so
 * no lease is left dangling), a second signal or a 30 s timeout forces the exit.
 */
import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type AppConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { formatBanner } from './startup-banner.js';

const SHUTDOWN_TIMEOUT_MS = 30_000;

/** SIGTERM/SIGINT close the app; a second signal or the timeout forces the exit. */
function stopOnSignals(running: { close(): Promise<void> }, logger: Logger): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'Second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'Shutting down');
    const timer = setTimeout(() => {
      logger.error('Shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    running.close().then(
      () => {
        logger.info('Stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    // Relative paths (DATA_DIR, sqlite:) are relative to where the user ran `pnpm …` (pnpm's
    // INIT_CWD), not to this package: `pnpm start` at the repository root uses ./data there.
    config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\nFix the environment variables above and start again.\n`);
    process.exit(1);
  }
  // Owner-only: the database, the key file and everything else secret live here.
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const logger = createLogger({ level: config.logLevel });

  let app;
  try {
    app = await createApp(config, { logger });
    await app.start();
  } catch (err) {
    logger.fatal({ err }, 'Grantkeeper could not start');
    await app?.close().catch(() => undefined);
    process.exit(1);
  }
  const running = app;
  process.stdout.write(
    formatBanner({
      config,
      listeningOn: running.url,
      bootstrap: running.bootstrap,
      masterKeys: running.masterKeys,
    }) + '\n',
  );

  stopOnSignals(running, logger);
}

await main();
