import type { FastifyBaseLogger } from 'fastify';

type ChildArgs = Parameters<FastifyBaseLogger['child']>;
type LogArgs = Parameters<FastifyBaseLogger['info']>;

/**
 * A request logger that defers `logger.child(bindings)` (pino rebuilds its redaction and level
 * methods per child) until the request actually logs, which on the hot path it never does.
 * One small object per request, methods on the prototype.
 */
class LazyLogger {
  private real: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: ChildArgs[0],
    private readonly options: ChildArgs[1],
  ) {}

  private get logger(): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings, this.options) as FastifyBaseLogger;
    return this.real;
  }

  get level(): string {
    return this.logger.level;
  }

  set level(value: string) {
    this.logger.level = value;
  }

  child(...args: ChildArgs) {
    return this.logger.child(...args);
  }

  fatal(...args: LogArgs) {
    this.logger.fatal(...args);
  }

  error(...args: LogArgs) {
    this.logger.error(...args);
  }

  warn(...args: LogArgs) {
    this.logger.warn(...args);
  }

  info(...args: LogArgs) {
    this.logger.info(...args);
  }

  debug(...args: LogArgs) {
    this.logger.debug(...args);
  }

  trace(...args: LogArgs) {
    this.logger.trace(...args);
  }

  silent(...args: LogArgs) {
    this.logger.silent(...args);
  }
}

/** Fastify route-level `childLoggerFactory`. */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: ChildArgs[0], options: ChildArgs[1]): FastifyBaseLogger {
  return new LazyLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
}
