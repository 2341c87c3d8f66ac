/**
 * A request's child logger made only when a line is actually written. Fastify gives every request
 * a pino child (its `reqId` binding): on a hot route whose lines are mostly below the level
 * (/proxy), building that child (bindings serialised, redaction applied) is a measurable share of
 * each request. This stand-in keeps the same bindings and level rules, and builds the real child
 * on the first line at an enabled level (or on `child()`, or a level change).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from '../logger.js';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type LogArgs = Parameters<FastifyBaseLogger['info']>;

class LazyChildLogger {
  readonly #parent: Logger;
  readonly #bindings: Record<string, unknown>;
  readonly #options: Record<string, unknown>;
  #real: Logger | undefined;

  constructor(parent: Logger, bindings: Record<string, unknown>, options: Record<string, unknown>) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  #child(): Logger {
    return (this.#real ??= this.#parent.child(this.#bindings, this.#options));
  }

  /** Whose level decides: the parent's while this child keeps it (no child needed to know). */
  #levels(): Logger {
    return this.#real ?? (this.#options.level === undefined ? this.#parent : this.#child());
  }

  #write(level: Level, args: LogArgs): void {
    if (!this.#levels().isLevelEnabled(level)) return;
    (this.#child()[level] as (...a: LogArgs) => void)(...args);
  }

  get level(): string {
    return this.#levels().level;
  }

  set level(level: string) {
    this.#child().level = level;
  }

  isLevelEnabled(level: string): boolean {
    return this.#levels().isLevelEnabled(level);
  }

  fatal(...args: LogArgs): void {
    this.#write('fatal', args);
  }

  error(...args: LogArgs): void {
    this.#write('error', args);
  }

  warn(...args: LogArgs): void {
    this.#write('warn', args);
  }

  info(...args: LogArgs): void {
    this.#write('info', args);
  }

  debug(...args: LogArgs): void {
    this.#write('debug', args);
  }

  trace(...args: LogArgs): void {
    this.#write('trace', args);
  }

  silent(): void {}

  child(...args: Parameters<FastifyBaseLogger['child']>): FastifyBaseLogger {
    return this.#child().child(...args);
  }
}

/** A Fastify `childLoggerFactory` (route option) giving each request a {@link LazyChildLogger}. */
export function lazyChildLoggerFactory(logger: FastifyBaseLogger, bindings: Record<string, unknown>, options: object): FastifyBaseLogger {
  return new LazyChildLogger(logger as Logger, bindings, options as Record<string, unknown>) as unknown as FastifyBaseLogger;
}
