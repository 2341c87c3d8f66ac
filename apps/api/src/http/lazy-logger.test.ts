import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../logger.js';
import { lazyChildLoggerFactory } from './lazy-logger.js';

function capture(level: 'info' | 'warn'): { logger: Logger; lines: Record<string, unknown>[]; children: () => number } {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = createLogger({ level, destination });
  let made = 0;
  const child = logger.child.bind(logger);
  logger.child = ((...args: Parameters<Logger['child']>) => {
    made += 1;
    return child(...args);
  }) as Logger['child'];
  return { logger, lines, children: () => made };
}

describe('lazyChildLoggerFactory', () => {
  it('builds no child for lines below the level, and writes enabled lines with the bindings', async () => {
    const { logger, lines, children } = capture('warn');
    const log = lazyChildLoggerFactory(logger, { reqId: 'r-1' }, {});
    log.info({ status: 200 }, 'below the level');
    log.debug('below the level');
    expect(children()).toBe(0);
    expect(log.level).toBe('warn');
    log.error({ code: 'X', authorization: 'Bearer secret' }, 'failed');
    log.warn('again');
    await new Promise((resolve) => setImmediate(resolve));
    expect(children()).toBe(1);
    expect(lines.map((l) => [l.reqId, l.msg])).toEqual([
      ['r-1', 'failed'],
      ['r-1', 'again'],
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret');
  });

  it('follows a level given to the child', async () => {
    const { logger, lines } = capture('warn');
    const log = lazyChildLoggerFactory(logger, { reqId: 'r-2' }, { level: 'info' });
    expect((log as Logger).isLevelEnabled('info')).toBe(true);
    log.info('shown');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });
});
