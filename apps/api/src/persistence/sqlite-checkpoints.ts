/**
 * SQLite checkpoints off the event loop. In WAL mode each commit appends the pages it changed to
 * the WAL, and a checkpoint copies them back into the database file and syncs it. SQLite runs
 * that checkpoint inside the commit that crosses `wal_autocheckpoint`, on the connection's
 * thread: the server's event loop, which then stalls for the copy and the fsync (35-55 ms per
 * 10,000 pages on this project's machine; a refresher drain's commits took a fifth longer).
 *
 * Once the WAL has grown past {@link CheckpointOptions.startAtWalBytes} (a database that is
 * written to, not an idle one or a test's), a worker thread opens its own connection to the same
 * file and runs a PASSIVE checkpoint every {@link CheckpointOptions.intervalMs}: it copies what
 * it can without waiting for, or blocking, the server's connection, so the WAL is backfilled
 * before the server's commits reach `wal_autocheckpoint`, which stays as the safety net (and
 * then finds little left to copy). A failing worker is logged and the safety net alone remains.
 *
 * @see https://www.sqlite.org/wal.html#checkpointing
 * @see https://www.sqlite.org/pragma.html#pragma_wal_checkpoint
 */
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

export interface CheckpointOptions {
  /** The WAL's size at which the worker starts (checked every `watchMs`). */
  startAtWalBytes: number;
  watchMs: number;
  /** How often the worker checkpoints once started. */
  intervalMs: number;
}

/** Start at a WAL of 4 MiB (SQLite's own default `wal_autocheckpoint`: 1,000 pages of 4 KiB); checkpoint every 100 ms. */
export const DEFAULT_CHECKPOINT_OPTIONS: CheckpointOptions = { startAtWalBytes: 4 * 1024 * 1024, watchMs: 1_000, intervalMs: 100 };

/** The worker (CommonJS, evaluated): its connection only checkpoints; `stop` closes it. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
let failed = false;
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failed = false;
  } catch (error) {
    if (!failed) parentPort.postMessage({ error: String(error && error.message) });
    failed = true;
  }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export class SqliteCheckpoints {
  #watch: ReturnType<typeof setInterval> | undefined;
  #worker: Worker | null = null;
  #exited: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    /** The database file (its WAL is `<file>-wal`). */
    private readonly file: string,
    private readonly logger: Logger,
    private readonly options: CheckpointOptions = DEFAULT_CHECKPOINT_OPTIONS,
  ) {}

  /** Whether the worker has started (and not stopped). */
  get running(): boolean {
    return this.#worker !== null;
  }

  /** Watches the WAL's size; the worker starts once it is past the threshold. */
  start(): void {
    if (this.#stopped || this.#watch !== undefined) return;
    this.#watch = setInterval(() => void this.checkWal(), this.options.watchMs);
    this.#watch.unref();
  }

  /** Stops the watch and the worker (its connection closed); call before closing the database. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#watch);
    const worker = this.#worker;
    this.#worker = null;
    worker?.postMessage('stop');
    await this.#exited;
  }

  /** One look at the WAL's size (what the watch does every `watchMs`): starts the worker past the threshold. */
  async checkWal(): Promise<void> {
    const size = await stat(`${this.file}-wal`).then(
      (found) => found.size,
      () => 0,
    );
    if (size >= this.options.startAtWalBytes && this.#worker === null && !this.#stopped) this.#startWorker();
  }

  #startWorker(): void {
    clearInterval(this.#watch);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: this.file,
        intervalMs: this.options.intervalMs,
      },
    });
    worker.unref();
    this.#worker = worker;
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (message: { error?: string }) => {
      this.logger.warn({ error: message.error }, 'SQLite checkpoint failed; the next commits past wal_autocheckpoint will checkpoint');
    });
    worker.once('error', (error) => {
      this.logger.warn({ err: error }, 'the SQLite checkpoint worker stopped; commits past wal_autocheckpoint will checkpoint');
      if (this.#worker === worker) this.#worker = null;
    });
  }
}
