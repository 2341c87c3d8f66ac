import { problemTitle, type ApiProblem } from '../errors/api-error';
import type { TokenTestResult } from '../gql/graphql';
import { formatExact } from './status';

/** The message shown after one of the four actions. */
export interface ActionOutcome {
  /** Set for the Start Authorization outcomes, which the subscription later completes. */
  kind?: 'started' | 'completed';
  severity: 'success' | 'info' | 'warn' | 'error';
  title: string;
  detail: string;
  hint?: string;
}

const START_HINT = 'Use Start Authorization to re-authorize.';

export function testTokenOutcome(result: Pick<TokenTestResult, 'valid' | 'expiresAt' | 'message'>): ActionOutcome {
  if (result.valid) {
    return {
      severity: 'success',
      title: 'The token is valid',
      // The server's message already states the expiry; add it only when the message is empty.
      detail: result.message || (result.expiresAt ? `Expires ${formatExact(result.expiresAt)}.` : ''),
    };
  }
  // The server's message names the cause and what to do: Start Authorization only when the
  // provider rejected the grant, not for a provider that is down for a while.
  return { severity: 'error', title: 'No valid token', detail: result.message };
}

export function refreshedOutcome(tokenExpiresAt: string | null | undefined): ActionOutcome {
  return {
    severity: 'success',
    title: 'Token refreshed',
    detail: tokenExpiresAt ? `The new access token expires ${formatExact(tokenExpiresAt)}.` : 'A new access token is stored.',
  };
}

export function problemOutcome(problem: ApiProblem): ActionOutcome {
  const needsStart = problem.code === 'REAUTHORIZATION_REQUIRED' || problem.code === 'NOT_AUTHORIZED';
  return {
    severity: 'error',
    title: problemTitle(problem.code),
    detail: problem.message,
    ...(needsStart ? { hint: START_HINT } : {}),
  };
}
