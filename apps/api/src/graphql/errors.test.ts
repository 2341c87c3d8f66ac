import { AuthorizationFlowError, ProviderError, VaultError } from '@grantkeeper/oauth-core';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../auth/index.js';
import { badInput, ServiceError } from '../services/errors.js';
import { createErrorFormatter, mapError, toWireError, webSocketErrorFormatters } from './errors.js';

function capture() {
  const lines: string[] = [];
  const logger = pino({ level: 'error' }, new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString()), cb()) }));
  return { logger, text: () => lines.join('') };
}

describe('mapError (the one error mapper)', () => {
  it('keeps service, auth and oauth-core codes, the engine code as reason', () => {
    expect(mapError(new ServiceError('NOT_FOUND', 'No connection.'))).toEqual({ code: 'NOT_FOUND', message: 'No connection.' });
    expect(mapError(new AuthError('FORBIDDEN', 'Other workspace.', { reason: 'WORKSPACE_MISMATCH' }))).toEqual({
      code: 'FORBIDDEN',
      message: 'Other workspace.',
      reason: 'WORKSPACE_MISMATCH',
    });
    expect(mapError(badInput('Too long.', 'TOO_LONG'))).toEqual({ code: 'BAD_USER_INPUT', message: 'Too long.', reason: 'TOO_LONG' });
    expect(mapError(new ProviderError('REAUTHORIZATION_REQUIRED', 'Rejected.'))).toEqual({
      code: 'REAUTHORIZATION_REQUIRED',
      message: 'Rejected.',
      reason: 'REAUTHORIZATION_REQUIRED',
    });
    expect(mapError(new ProviderError('PROVIDER_UNAVAILABLE', 'Down.'))?.code).toBe('PROVIDER_ERROR');
    expect(mapError(new AuthorizationFlowError('ACCESS_DENIED', 'Denied.'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'ACCESS_DENIED',
    });
  });

  it('keeps retryAfterSeconds of a refused sign-in', () => {
    const refused = new AuthError('UNAUTHENTICATED', 'Too many attempts.', { reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 42 });
    expect(mapError(refused)).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Too many attempts.',
      reason: 'TOO_MANY_ATTEMPTS',
      retryAfterSeconds: 42,
    });
  });

  it('maps framework client faults to BAD_USER_INPUT and type-graphql UNAUTHORIZED to FORBIDDEN', () => {
    expect(mapError(new GraphQLError('Syntax Error', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'GRAPHQL_PARSE_FAILED',
    });
    expect(mapError(new GraphQLError('nope', { extensions: { code: 'UNAUTHORIZED' } }))?.code).toBe('FORBIDDEN');
  });

  it('turns unknown errors and vault failures into INTERNAL_SERVER_ERROR with a generic message, logged', () => {
    expect(mapError(new Error('secret-value leaked in a message'))).toBeNull();
    expect(mapError(new VaultError('DECRYPTION_FAILED', 'bad'))).toBeNull();
    expect(mapError(new ServiceError('INTERNAL_SERVER_ERROR', 'secret-value'))).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Internal server error',
    });
    const { logger, text } = capture();
    const format = createErrorFormatter(logger);
    const wrapped = new GraphQLError('secret-value leaked in a message', {
      originalError: new Error('secret-value leaked in a message'),
      path: ['x'],
    });
    const formatted = format({ message: wrapped.message, path: ['x'] }, wrapped);
    expect(formatted).toEqual({ message: 'Internal server error', path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const line = JSON.parse(text()) as { msg: string; err: { type: string; stack: string } };
    expect(line.msg).toContain('unexpected error');
    // Through pino's err serializer: the type and a stack, not a hand-built object.
    expect(line.err.type).toBe('Error');
    expect(line.err.stack).toContain('errors.test.ts');
  });
});

describe('toWireError', () => {
  it('is the same wire error for HTTP and WebSocket, with locations, path and retryAfterSeconds', () => {
    const { logger } = capture();
    const refused = new AuthError('UNAUTHENTICATED', 'Wait.', { reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 7 });
    const resolverError = new GraphQLError(refused.message, { originalError: refused, path: ['login'] });
    const expected = {
      message: 'Wait.',
      path: ['login'],
      extensions: { code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 7 },
    };
    expect(toWireError(resolverError, logger)).toEqual(expected);
    expect(createErrorFormatter(logger)({ message: 'x', path: ['login'] }, resolverError)).toEqual(expected);
    const ws = webSocketErrorFormatters(logger);
    expect(ws.onNext(null, '1', {}, {}, { data: null, errors: [resolverError] })).toEqual({ data: null, errors: [expected] });
    expect(ws.onNext(null, '1', {}, {}, { data: { ok: true } })).toBeUndefined();
  });

  it('answers a syntax or validation error (no code, from graphql-js) as BAD_USER_INPUT', () => {
    const { logger, text } = capture();
    const syntax = new GraphQLError('Syntax Error: Expected Name, found <EOF>.', { extensions: {} });
    const [wire] = webSocketErrorFormatters(logger).onError(null, '1', {}, [syntax]);
    expect(wire).toMatchObject({ message: 'Syntax Error: Expected Name, found <EOF>.', extensions: { code: 'BAD_USER_INPUT' } });
    expect(text()).toBe('');
  });
});
