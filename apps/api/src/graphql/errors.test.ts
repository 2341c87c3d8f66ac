import { AuthorizationFlowError, ProviderError, VaultError } from '@grantkeeper/oauth-core';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AuthError } from '../auth/index.js';
import { ServiceError } from '../services/errors.js';
import { createErrorFormatter, mapError } from './errors.js';

describe('mapError (the one error mapper)', () => {
  it('keeps service, auth and oauth-core codes, the engine code as reason', () => {
    expect(mapError(new ServiceError('NOT_FOUND', 'No connection.'))).toEqual({ code: 'NOT_FOUND', message: 'No connection.' });
    expect(mapError(new AuthError('FORBIDDEN', 'WORKSPACE_MISMATCH', 'Other workspace.'))).toEqual({
      code: 'FORBIDDEN',
      message: 'Other workspace.',
      reason: 'WORKSPACE_MISMATCH',
    });
    expect(mapError(new ProviderError('REAUTHORIZATION_REQUIRED', 'Rejected.'))).toEqual({
      code: 'REAUTHORIZATION_REQUIRED',
      message: 'Rejected.',
      reason: 'REAUTHORIZATION_REQUIRED',
    });
    expect(mapError(new ProviderError('PROVIDER_UNAVAILABLE', 'Down.'))?.code).toBe('PROVIDER_ERROR');
    expect(mapError(new AuthorizationFlowError('ACCESS_DENIED', 'Denied.'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ACCESS_DENIED' });
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
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, new Writable({ write: (chunk: Buffer, _e, cb) => (lines.push(chunk.toString()), cb()) }));
    const format = createErrorFormatter(logger);
    const wrapped = new GraphQLError('secret-value leaked in a message', { originalError: new Error('secret-value leaked in a message') });
    const formatted = format({ message: wrapped.message, path: ['x'] }, wrapped);
    expect(formatted).toEqual({ message: 'Internal server error', path: ['x'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(lines.join('')).toContain('unexpected error');
  });
});
