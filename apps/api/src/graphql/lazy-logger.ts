import type { FastifyBaseLogger } from 'fastify';

type ChildArgs = Parameters<FastifyBaseLogger['child']>;

const METHODS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * A Fastify `childLoggerFactory` that defers `logger.child(bindings)` (pino rebuilds its
 * redaction and level methods per child) until the request actually logs, which on the hot
 * path it never does.
 */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: ChildArgs[0], options: ChildArgs[1]): FastifyBaseLogger {
  let child: FastifyBaseLogger | undefined;
  const real = (): FastifyBaseLogger => {
    child ??= logger.child(bindings, options);
    return child as FastifyBaseLogger;
  };
  const lazy = {
    get level() {
      return real().level;
    },
    set level(value: string) {
      real().level = value;
    },
    child: (...args: ChildArgs) => real().child(...args),
  } as Record<string, unknown>;
  for (const method of METHODS) {
    lazy[method] = (...args: unknown[]) => (real()[method] as (...a: unknown[]) => void)(...args);
  }
  return lazy as unknown as FastifyBaseLogger;
}
