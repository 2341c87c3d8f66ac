/**
 * Revoke Authorization, and the removal of an authorization whose connection is deleted.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7009 (token revocation)
 */
import { isOAuthCoreError, revokeTokenSet, type ProviderConfig } from '@grantkeeper/oauth-core';
import type { Connection } from '../../persistence/entities/index.js';
import { notAuthorizedView, type AuthorizationView } from '../../views/authorization-view.js';
import { ServiceError } from '../errors.js';
import { providerConfigOf } from '../provider-config.js';
import type { RequestScope } from '../types.js';
import { connectionOf, type AuthorizationDomainDeps } from './deps.js';
import type { AuthorizationOutcomes } from './outcomes.js';
import { STATE_WRITE_ATTEMPTS } from './policy.js';

function revocationSummary(result: Awaited<ReturnType<typeof revokeTokenSet>> | null): string {
  if (result === null) return 'Nothing was stored.';
  if (!result.attempted) return 'The provider has no revocation endpoint; the tokens were cleared locally.';
  if (result.results.length === 0) return 'No token to revoke at the provider.';
  const parts = result.results.map(
    (r) => `${r.tokenTypeHint.replace('_', ' ')} ${r.ok ? 'revoked' : `not revoked (${r.error ?? 'failed'})`}`,
  );
  return `Revocation at the provider (RFC 7009): ${parts.join(', ')}.`;
}

export class AuthorizationRevocation {
  constructor(
    private readonly deps: AuthorizationDomainDeps,
    private readonly outcomes: AuthorizationOutcomes,
  ) {}

  /** RFC 7009 at the provider (best effort), then every token cleared: NOT_AUTHORIZED. */
  async revoke(scope: RequestScope, code: string): Promise<AuthorizationView> {
    const connection = await connectionOf(scope, code);
    const summary = await this.revokeAndClear(connection);
    const message = `Authorization revoked; all tokens cleared. ${summary}`;
    return this.outcomes.changed(scope.em, connection, scope.actor, 'AUTHORIZATION_REVOKED', message);
  }

  /** Used when a connection is deleted: revoke, drop its authorization and pending flows, publish. */
  async removeForDeletedConnection(connection: Connection): Promise<string> {
    const summary = await this.revokeAndClear(connection);
    await this.deps.state.remove(connection.id);
    await this.deps.flows.deleteForConnection(connection.id);
    const view: AuthorizationView = { ...notAuthorizedView(connection.code), statusReason: 'The connection was deleted.' };
    await this.outcomes.publish(connection, view, { cache: 'drop' });
    return summary;
  }

  /**
   * Revokes whatever is stored and clears it with a version check; if a refresh wrote new tokens
   * in between, those are revoked and cleared too.
   */
  private async revokeAndClear(connection: Connection): Promise<string> {
    const provider = this.providerOrNull(connection);
    const summaries: string[] = [];
    for (let attempt = 0; attempt < STATE_WRITE_ATTEMPTS; attempt += 1) {
      let state;
      try {
        state = await this.deps.state.read(connection.id);
      } catch (error) {
        if (isOAuthCoreError(error) && error.code === 'NOT_AUTHORIZED') return revocationSummary(null);
        throw error;
      }
      if (state.tokens === null && state.status === 'NOT_AUTHORIZED') {
        return summaries.length ? summaries.join(' ') : revocationSummary(null);
      }
      if (state.tokens !== null && provider !== null) {
        summaries.push(revocationSummary(await revokeTokenSet({ provider, tokens: state.tokens, fetch: this.deps.fetch })));
      }
      const cleared = { status: 'NOT_AUTHORIZED', tokens: null, statusReason: null } as const;
      if (await this.deps.state.compareAndSwap(connection.id, state.version, cleared)) {
        return summaries.join(' ') || revocationSummary(null);
      }
    }
    throw new ServiceError('CONFLICT', 'The authorization kept changing while it was being revoked; try again.');
  }

  /** The provider settings, or null when they cannot be read (the tokens are still cleared). */
  private providerOrNull(connection: Connection): ProviderConfig | null {
    try {
      return providerConfigOf(connection, this.deps.vault);
    } catch {
      return null;
    }
  }
}
