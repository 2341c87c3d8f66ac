/**
 * The write-only credentials of BASIC and API_KEY connections (contract v2 `CredentialsInput`)
 * as the connection card edits them. The secrets (password, API key) are never returned by the
 * server: the card shows only `CredentialsInfo` ("set") and an empty field means "keep".
 */
import type { AuthenticationType, CredentialsInfo, CredentialsInput } from '../gql/graphql';

export type ApiKeyPlacement = 'HEADER' | 'QUERY';

export interface CredentialsForm {
  username: string;
  /** Write-only: empty keeps the stored password. */
  password: string;
  /** Write-only: empty keeps the stored key. */
  apiKey: string;
  apiKeyPlacement: ApiKeyPlacement;
  /** The header (e.g. X-Api-Key) or query parameter (e.g. api_key) that carries the key. */
  apiKeyName: string;
}

export type CredentialsField = 'username' | 'password' | 'apiKey' | 'apiKeyName';

export type SavedCredentials = Pick<CredentialsInfo, 'username' | 'passwordSet' | 'apiKeySet' | 'apiKeyHeader' | 'apiKeyQueryParam'> & {
  secretChangedAt?: string | null;
};

export const apiKeyPlacementOptions: Array<{ value: ApiKeyPlacement; label: string }> = [
  { value: 'HEADER', label: 'In a request header' },
  { value: 'QUERY', label: 'In a query parameter' },
];

/** RFC 9110 token (a header name), as the API checks it. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const QUERY_PARAM = /^[A-Za-z0-9_.~-]{1,100}$/;
/** Headers the proxy manages itself. */
const RESERVED_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'cookie', 'te', 'upgrade']);

export function emptyCredentials(): CredentialsForm {
  return { username: '', password: '', apiKey: '', apiKeyPlacement: 'HEADER', apiKeyName: 'X-Api-Key' };
}

export function credentialsFromSaved(saved: SavedCredentials | null): CredentialsForm {
  if (!saved) return emptyCredentials();
  const byQuery = !saved.apiKeyHeader && !!saved.apiKeyQueryParam;
  return {
    ...emptyCredentials(),
    username: saved.username ?? '',
    apiKeyPlacement: byQuery ? 'QUERY' : 'HEADER',
    apiKeyName: (byQuery ? saved.apiKeyQueryParam : saved.apiKeyHeader) ?? 'X-Api-Key',
  };
}

/** Every problem of the credentials at once, keyed by field. */
export function validateCredentials(
  type: AuthenticationType,
  form: CredentialsForm,
  saved: SavedCredentials | null,
): Partial<Record<CredentialsField, string>> {
  const errors: Partial<Record<CredentialsField, string>> = {};
  if (type === 'BASIC') {
    const username = form.username.trim();
    if (!username) errors.username = 'Enter the user name the API expects.';
    else if (username.includes(':')) errors.username = 'A Basic user name cannot contain ":" (RFC 7617).';
    if (!form.password && !saved?.passwordSet) errors.password = 'Enter the password.';
  } else if (type === 'API_KEY') {
    const name = form.apiKeyName.trim();
    if (form.apiKeyPlacement === 'HEADER') {
      if (!HEADER_NAME.test(name)) errors.apiKeyName = 'Enter a header name such as X-Api-Key (letters, digits and - only).';
      else if (RESERVED_HEADERS.has(name.toLowerCase())) errors.apiKeyName = `${name} is managed by the proxy; choose another header.`;
    } else if (!QUERY_PARAM.test(name)) {
      errors.apiKeyName = 'Enter a query parameter name such as api_key (letters, digits, _ . ~ - only).';
    }
    if (!form.apiKey && !saved?.apiKeySet) errors.apiKey = 'Enter the API key.';
  }
  for (const field of ['password', 'apiKey'] as const) {
    if (/[\r\n]/.test(form[field])) errors[field] = 'Paste the secret without line breaks.';
  }
  return errors;
}

/**
 * What to send: null when the type has no credentials or nothing changed from `saved`
 * (so saving a renamed connection does not rewrite its credentials). A secret is sent only
 * when the user typed a new one.
 */
export function credentialsInput(type: AuthenticationType, form: CredentialsForm, saved: SavedCredentials | null): CredentialsInput | null {
  if (type === 'BASIC') {
    const username = form.username.trim();
    if (saved && !form.password && username === (saved.username ?? '')) return null;
    return { username, ...(form.password ? { password: form.password } : {}) };
  }
  if (type === 'API_KEY') {
    const name = form.apiKeyName.trim();
    const savedName = form.apiKeyPlacement === 'HEADER' ? saved?.apiKeyHeader : saved?.apiKeyQueryParam;
    if (saved && !form.apiKey && name === savedName) return null;
    return {
      ...(form.apiKeyPlacement === 'HEADER' ? { apiKeyHeader: name } : { apiKeyQueryParam: name }),
      ...(form.apiKey ? { apiKey: form.apiKey } : {}),
    };
  }
  return null;
}
