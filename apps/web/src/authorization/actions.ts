import { roleAtLeast } from '@grantkeeper/schema';
import type { AuthenticationType, AuthorizationStatus, Role } from '../gql/graphql';

export type AuthorizationAction = 'start' | 'test' | 'refresh' | 'revoke';

export interface ActionState {
  enabled: boolean;
  /** Why the action is disabled (shown as help text); empty when enabled. */
  reason: string;
}

export interface ActionContext {
  role: Role | null | undefined;
  authenticationType: AuthenticationType;
  status: AuthorizationStatus | null | undefined;
  /** An action is running: every button waits for it. */
  busy: boolean;
}

/** OPERATOR and ADMIN may start, test, refresh and revoke; VIEWER only reads. */
export function canOperate(role: Role | null | undefined): boolean {
  return role != null && roleAtLeast(role, 'OPERATOR');
}

export function isAdmin(role: Role | null | undefined): boolean {
  return role === 'ADMIN';
}

/**
 * Which of the four actions of the OAuth2 Authorization Management page make sense now.
 * - Start Authorization: always (initial setup or re-authorization).
 * - Test Token: when something is stored (Authorized, or Reauthorization required to diagnose).
 * - Refresh Token: only when Authorized (a rejected refresh token cannot be refreshed).
 * - Revoke Authorization: when something is stored.
 */
export function actionState(action: AuthorizationAction, context: ActionContext): ActionState {
  if (context.authenticationType !== 'OAUTH2_AUTHORIZATION_CODE') {
    return { enabled: false, reason: 'Only for connections using OAuth2 Authorization Code.' };
  }
  if (!canOperate(context.role)) {
    return { enabled: false, reason: 'Your role (Viewer) can only read authorizations.' };
  }
  if (context.busy) return { enabled: false, reason: 'Another action is in progress.' };
  const status = context.status ?? 'NOT_AUTHORIZED';
  switch (action) {
    case 'start':
      return { enabled: true, reason: '' };
    case 'test':
    case 'revoke':
      return status === 'NOT_AUTHORIZED'
        ? { enabled: false, reason: 'Nothing is stored yet. Use Start Authorization first.' }
        : { enabled: true, reason: '' };
    case 'refresh':
      if (status === 'AUTHORIZED') return { enabled: true, reason: '' };
      return status === 'REAUTHORIZATION_REQUIRED'
        ? { enabled: false, reason: 'The provider rejected the refresh token. Use Start Authorization.' }
        : { enabled: false, reason: 'Nothing is stored yet. Use Start Authorization first.' };
  }
}

export function allActionStates(context: ActionContext): Record<AuthorizationAction, ActionState> {
  return {
    start: actionState('start', context),
    test: actionState('test', context),
    refresh: actionState('refresh', context),
    revoke: actionState('revoke', context),
  };
}
