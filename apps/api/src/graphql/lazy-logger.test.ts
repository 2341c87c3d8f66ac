import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { lazyChildLogger } from './lazy-logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger = createLogger({ level: 'info', destination }) as FastifyBaseLogger;
  return { logger, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('lazyChildLogger', () => {
  it('logs with the request bindings, the level and the redaction of the parent', () => {
    const { logger, lines } = capture();
    const log = lazyChildLogger(logger, { reqId: 'req-1' }, {});
    log.debug('below the level');
    log.info({ authorization: 'Bearer gk_secret', connectionCode: 'CRM' }, 'handled');
    log.warn('plain message %s', 'formatted');
    expect(log.level).toBe('info');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 30, reqId: 'req-1', msg: 'handled', connectionCode: 'CRM', authorization: '[redacted]' }),
      expect.objectContaining({ level: 40, reqId: 'req-1', msg: 'plain message formatted' }),
    ]);
  });

  it('gives children of its own the request bindings too', () => {
    const { logger, lines } = capture();
    lazyChildLogger(logger, { reqId: 'req-2' }, {}).child({ step: 'auth' }).error('failed');
    expect(lines()[0]).toMatchObject({ level: 50, reqId: 'req-2', step: 'auth', msg: 'failed' });
  });
});
