import type { InteractionMode, TestAccount, TestClient, TokenQuirks } from './types.js';

/** Settings a running IdP reads per request; the `set…` methods of the handle change them. */
export interface RuntimeState {
  interaction: InteractionMode;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  quirks: TokenQuirks;
  readonly accounts: ReadonlyMap<string, TestAccount>;
  /** Display names of clients by id (for the consent page). */
  readonly clientNames: Map<string, string>;
  readonly log: (line: string) => void;
}

/** The default login account. */
export const DEFAULT_ACCOUNT: TestAccount = {
  id: 'alice',
  password: 'wonderland',
  name: 'Alice Liddell',
  email: 'alice@example.test',
};

/** RFC 7591 client metadata for a test client. */
export function clientMetadata(client: TestClient): Record<string, unknown> {
  const method = client.tokenEndpointAuthMethod ?? (client.clientSecret ? 'client_secret_basic' : 'none');
  if (method !== 'none' && !client.clientSecret) {
    throw new TypeError(`test-idp: client ${client.clientId} uses ${method} but has no clientSecret`);
  }
  if (client.redirectUris.length === 0) {
    throw new TypeError(`test-idp: client ${client.clientId} needs at least one redirect URI`);
  }
  return {
    client_id: client.clientId,
    ...(method === 'none' ? {} : { client_secret: client.clientSecret }),
    client_name: client.name ?? client.clientId,
    redirect_uris: client.redirectUris,
    token_endpoint_auth_method: method,
    // Confidential clients may also use the client_credentials grant (RFC 6749 §4.4).
    grant_types: ['authorization_code', 'refresh_token', ...(method === 'none' ? [] : ['client_credentials'])],
    response_types: ['code'],
  };
}
