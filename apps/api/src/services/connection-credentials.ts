/**
 * Write-only credentials of the BASIC and API_KEY authentication types (contract v2
 * `CredentialsInput`): validated here, stored as one vault envelope of their JSON bound to the
 * connection (field `credentials`), shown only as `CredentialsInfo` (which never carries a secret).
 */
import type { TokenVault } from '@grantkeeper/oauth-core';
import type { AuthenticationType, Connection, StoredCredentials } from '../persistence/entities/index.js';
import { CREDENTIALS_FIELD } from '../persistence/key-rotation.js';
import { badInput } from './errors.js';

export interface CredentialsInput {
  username?: string | null | undefined;
  password?: string | null | undefined;
  apiKey?: string | null | undefined;
  apiKeyHeader?: string | null | undefined;
  apiKeyQueryParam?: string | null | undefined;
}

/** What may be shown of stored credentials. */
export interface CredentialsInfoView {
  username: string | null;
  passwordSet: boolean;
  apiKeySet: boolean;
  apiKeyHeader: string | null;
  apiKeyQueryParam: string | null;
  /** When the password or API key was last set; null when unknown. */
  secretChangedAt: Date | null;
}

/** RFC 9110 §5.6.2 token: a header name. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const QUERY_PARAM = /^[A-Za-z0-9_.~-]{1,100}$/;
/** Headers the proxy manages itself; an API key cannot be sent in them. */
const RESERVED_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'cookie', 'te', 'upgrade']);

export const hasCredentials = (type: AuthenticationType): boolean => type === 'BASIC' || type === 'API_KEY';

function secretText(field: string, value: string | null | undefined, max: number): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value.length > max) throw badInput(`"credentials.${field}" must be at most ${max} characters.`);
  if (/[\r\n\0]/.test(value)) throw badInput(`"credentials.${field}" must not contain line breaks.`);
  return value;
}

/** A newly typed secret is dated `now`; a kept one keeps its date. */
const changedAt = (typed: string | undefined, previous: StoredCredentials | null, now: Date): string | undefined =>
  typed !== undefined ? now.toISOString() : previous?.secretChangedAt;

function basic(input: CredentialsInput, previous: StoredCredentials | null, now: Date): StoredCredentials {
  const username = secretText('username', input.username, 200);
  if (username === undefined) throw badInput('"credentials.username" is required for BASIC.');
  if (username.includes(':')) throw badInput('"credentials.username" must not contain ":" (RFC 7617).');
  const typed = secretText('password', input.password, 4096);
  const password = typed ?? previous?.password;
  if (password === undefined) throw badInput('"credentials.password" is required for BASIC.');
  if (input.apiKey || input.apiKeyHeader || input.apiKeyQueryParam) {
    throw badInput('BASIC credentials take only "username" and "password".');
  }
  const secretChangedAt = changedAt(typed, previous, now);
  return { username, password, ...(secretChangedAt ? { secretChangedAt } : {}) };
}

function apiKey(input: CredentialsInput, previous: StoredCredentials | null, now: Date): StoredCredentials {
  const typed = secretText('apiKey', input.apiKey, 4096);
  const key = typed ?? previous?.apiKey;
  if (key === undefined) throw badInput('"credentials.apiKey" is required for API_KEY.');
  const header = input.apiKeyHeader?.trim() || undefined;
  const param = input.apiKeyQueryParam?.trim() || undefined;
  if ((header === undefined) === (param === undefined)) {
    throw badInput('Give exactly one of "credentials.apiKeyHeader" and "credentials.apiKeyQueryParam".');
  }
  if (header !== undefined && (!HEADER_NAME.test(header) || RESERVED_HEADERS.has(header.toLowerCase()))) {
    throw badInput('"credentials.apiKeyHeader" must be a header name such as X-Api-Key (not Host, Cookie or a hop-by-hop header).');
  }
  if (param !== undefined && !QUERY_PARAM.test(param)) {
    throw badInput('"credentials.apiKeyQueryParam" must be 1 to 100 characters of A-Z, a-z, 0-9, "_", ".", "~" or "-".');
  }
  if (input.username || input.password) throw badInput('API_KEY credentials take no "username" or "password".');
  const secretChangedAt = changedAt(typed, previous, now);
  return {
    apiKey: key,
    ...(header ? { apiKeyHeader: header } : { apiKeyQueryParam: param }),
    ...(secretChangedAt ? { secretChangedAt } : {}),
  };
}

/**
 * Validated credentials for `type`. A secret left out keeps the stored one (`previous`), so an
 * admin can change a header name or a user name without typing the secret again.
 */
export function validateCredentials(
  type: AuthenticationType,
  input: CredentialsInput,
  previous: StoredCredentials | null,
  now: Date = new Date(),
): StoredCredentials {
  if (type === 'BASIC') return basic(input, previous, now);
  if (type === 'API_KEY') return apiKey(input, previous, now);
  throw badInput(`"credentials" apply only to the BASIC and API_KEY authentication types, not ${type}.`);
}

const aadOf = (row: Pick<Connection, 'workspaceId' | 'id'>) => ({
  workspaceId: row.workspaceId,
  connectionId: row.id,
  field: CREDENTIALS_FIELD,
});

export function sealCredentials(vault: TokenVault, row: Pick<Connection, 'workspaceId' | 'id'>, credentials: StoredCredentials): string {
  return vault.encrypt(JSON.stringify(credentials), aadOf(row));
}

/** The decrypted credentials of a connection, or null when none are stored. */
export function openCredentials(
  vault: TokenVault,
  row: Pick<Connection, 'workspaceId' | 'id' | 'credentialsEnvelope'>,
): StoredCredentials | null {
  if (row.credentialsEnvelope === null) return null;
  return JSON.parse(vault.decrypt(row.credentialsEnvelope, aadOf(row))) as StoredCredentials;
}

export function toCredentialsInfo(credentials: StoredCredentials | null): CredentialsInfoView {
  return {
    username: credentials?.username ?? null,
    passwordSet: Boolean(credentials?.password),
    apiKeySet: Boolean(credentials?.apiKey),
    apiKeyHeader: credentials?.apiKeyHeader ?? null,
    apiKeyQueryParam: credentials?.apiKeyQueryParam ?? null,
    secretChangedAt: credentials?.secretChangedAt ? new Date(credentials.secretChangedAt) : null,
  };
}
