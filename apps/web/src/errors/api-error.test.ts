import { errorCodeList } from '@grantkeeper/schema';
import { describe, expect, it } from 'vitest';
import { problemHint, problemTitle, toApiProblem } from './api-error';

describe('toApiProblem', () => {
  it('reads the code from extensions, never from the message', () => {
    const problem = toApiProblem({
      graphQLErrors: [
        { message: 'FORBIDDEN looks like a code but is only text', extensions: { code: 'NOT_AUTHORIZED', reason: 'NOT_AUTHORIZED' } },
      ],
    });
    expect(problem).toEqual({ code: 'NOT_AUTHORIZED', message: 'FORBIDDEN looks like a code but is only text', reason: 'NOT_AUTHORIZED' });
  });

  it('keeps the seconds to wait of a refused sign-in', () => {
    const problem = toApiProblem({
      graphQLErrors: [{ message: 'Too many', extensions: { code: 'UNAUTHENTICATED', reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 14 } }],
    });
    expect(problem).toEqual({ code: 'UNAUTHENTICATED', message: 'Too many', reason: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 14 });
  });

  it('treats an unknown code as unknown and a transport failure as a network error', () => {
    expect(toApiProblem({ graphQLErrors: [{ message: 'x', extensions: { code: 'SOMETHING_NEW' } }] }).code).toBe('UNKNOWN');
    expect(toApiProblem({ graphQLErrors: [], networkError: new Error('fetch failed') }).code).toBe('NETWORK_ERROR');
  });

  it('has a title and a hint for every code of the catalogue', () => {
    for (const code of errorCodeList) {
      expect(problemTitle(code)).toBeTruthy();
      expect(problemHint(code)).toBeTruthy();
    }
  });
});
