/**
 * Requested against granted scopes: what the connection asks for, what the provider granted,
 * and the warning when it granted fewer. Without `offline_access` a provider may send no
 * refresh token, and then nothing can refresh the access token.
 */
export interface ScopeLine {
  scope: string;
  granted: boolean;
}

export interface ScopeComparison {
  lines: ScopeLine[];
  /** Granted but not requested (providers add some, e.g. `openid` implied). */
  extra: string[];
  missing: string[];
  /** For people; '' when everything requested was granted (or nothing is granted yet). */
  warning: string;
}

export function compareScopes(requested: readonly string[], granted: readonly string[], authorized: boolean): ScopeComparison {
  const grantedSet = new Set(granted);
  const requestedSet = new Set(requested);
  const lines = requested.map((scope) => ({ scope, granted: authorized && grantedSet.has(scope) }));
  const missing = authorized ? requested.filter((scope) => !grantedSet.has(scope)) : [];
  const extra = granted.filter((scope) => !requestedSet.has(scope));
  let warning = '';
  if (missing.length > 0) {
    warning = `The provider granted fewer scopes than requested: ${missing.join(', ')} ${missing.length === 1 ? 'was' : 'were'} not granted.`;
    if (missing.includes('offline_access')) {
      warning +=
        ' Without offline_access the provider may send no refresh token: then no refresh token will come and the token cannot be refreshed; authorize again when it expires.';
    }
  }
  return { lines, extra, missing, warning };
}
