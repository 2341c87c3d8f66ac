import type { ApiProblem } from '../errors/api-error';

/** What the sign-in form says about a refused attempt: a wrong password and a lockout differ. */
export type SignInRefusal =
  { kind: 'invalid'; message: string } | { kind: 'locked'; message: string; retryAt: Date } | { kind: 'other'; problem: ApiProblem };

export function signInRefusal(problem: ApiProblem, now: Date): SignInRefusal {
  if (problem.reason === 'TOO_MANY_ATTEMPTS') {
    const seconds = problem.retryAfterSeconds ?? 60;
    return {
      kind: 'locked',
      message: 'Too many failed sign-in attempts from here. Signing in is paused for this account.',
      retryAt: new Date(now.getTime() + seconds * 1000),
    };
  }
  // Said only after the right password: the account exists but an admin disabled it.
  if (problem.reason === 'ACCOUNT_DISABLED') return { kind: 'invalid', message: problem.message };
  if (problem.code === 'UNAUTHENTICATED' || problem.code === 'BAD_USER_INPUT') {
    return { kind: 'invalid', message: 'The email or password is not correct. Check both and try again.' };
  }
  return { kind: 'other', problem };
}

/** "in 2 min 05 s" / "in 14 s" until `at`; empty once it has passed. */
export function waitText(at: Date, now: Date): string {
  const seconds = Math.ceil((at.getTime() - now.getTime()) / 1000);
  if (seconds <= 0) return '';
  if (seconds < 60) return `in ${seconds} s`;
  return `in ${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}
