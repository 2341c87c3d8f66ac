import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), text: () => lines.join('') };
}

describe('logger', () => {
  it('writes JSON lines at the configured level', () => {
    const { logger, text } = capture();
    logger.info({ connectionCode: 'CRM' }, 'refreshed');
    const line = JSON.parse(text()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'refreshed', connectionCode: 'CRM', service: 'grantkeeper-api' });
  });

  it('redacts tokens, secrets, passwords, cookies and Authorization headers', () => {
    const { logger, text } = capture();
    logger.info(
      {
        password: 'pw-1',
        accessToken: 'at-2',
        tokens: { refreshToken: 'rt-3', access_token: 'at-4' },
        provider: { clientSecret: 'cs-5' },
        req: { headers: { authorization: 'Bearer gk_6', cookie: 'gk_session=s7' } },
        res: { headers: { 'set-cookie': 'gk_session=s8' } },
        flow: { codeVerifier: 'cv-9' },
      },
      'event',
    );
    const out = text();
    for (const secret of ['pw-1', 'at-2', 'rt-3', 'at-4', 'cs-5', 'gk_6', 's7', 's8', 'cv-9']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
  });

  it('logs requests through a serializer that drops headers and OAuth parameters', () => {
    const { logger, text } = capture();
    logger.info({
      req: {
        id: 'r1',
        method: 'GET',
        url: '/oauth/callback?code=secret-code&state=secret-state&iss=https%3A%2F%2Fidp',
        ip: '127.0.0.1',
        headers: { cookie: 'gk_session=abc', authorization: 'Bearer xyz', 'user-agent': 'test' },
      },
    });
    const out = text();
    expect(out).not.toContain('secret-code');
    expect(out).not.toContain('secret-state');
    expect(out).not.toContain('abc');
    expect(out).not.toContain('xyz');
    expect(out).toContain('iss=https');
    expect(out).toContain('"id":"r1"');
  });

  it('redactUrl leaves URLs without credentials alone', () => {
    expect(redactUrl('/graphql')).toBe('/graphql');
    expect(redactUrl('/x?a=1&token=t')).toBe('/x?a=1&token=%5Bredacted%5D');
  });
});
