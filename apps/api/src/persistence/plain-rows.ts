/**
 * Rows read by raw SQL (`raw-sql.ts`) as plain objects of the entity types: never managed by an
 * EntityManager, only read (the refresher's hot path). One mapper per table for both dialects:
 * SQLite returns dates as epoch milliseconds, JSON as text and booleans as 0/1; PostgreSQL
 * returns Dates, parsed JSON and booleans. Each mapper lists its entity's columns by hand;
 * `plain-rows.test.ts` compares them with the entity metadata.
 */
import type { Authorization, Connection } from './entities/index.js';

/** A row as the driver returns it (snake_case columns). */
export type RawRow = Record<string, unknown>;

/** A time as the drivers return it: a Date or timestamp text (pg), epoch ms (better-sqlite3), or null. */
export function dateOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(typeof value === 'string' && !/^\d+$/.test(value) ? value : Number(value));
}

const jsonOf = <T>(value: unknown): T | null =>
  value === null || value === undefined ? null : ((typeof value === 'string' ? JSON.parse(value) : value) as T);
const textOf = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const booleanOf = (value: unknown): boolean | null => (value === null || value === undefined ? null : Boolean(value));

/** An `authorizations` row (every column). */
export function authorizationFromRow(row: RawRow): Authorization {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    connectionId: String(row.connection_id),
    status: String(row.status) as Authorization['status'],
    accessTokenEnvelope: textOf(row.access_token_envelope),
    refreshTokenEnvelope: textOf(row.refresh_token_envelope),
    idTokenEnvelope: textOf(row.id_token_envelope),
    tokenType: textOf(row.token_type),
    tokenExpiresAt: dateOf(row.token_expires_at),
    refreshTokenExpiresAt: dateOf(row.refresh_token_expires_at),
    grantedScopes: jsonOf<string[]>(row.granted_scopes) ?? [],
    obtainedAt: dateOf(row.obtained_at),
    lastAuthorizedAt: dateOf(row.last_authorized_at),
    authorizedBy: textOf(row.authorized_by),
    authorizedByUserId: textOf(row.authorized_by_user_id),
    lastRefreshedAt: dateOf(row.last_refreshed_at),
    statusReason: textOf(row.status_reason),
    version: Number(row.version),
    leaseOwner: textOf(row.lease_owner),
    leaseExpiresAt: dateOf(row.lease_expires_at),
    nextRefreshAt: dateOf(row.next_refresh_at),
    refreshFailures: Number(row.refresh_failures),
    nextRetryAt: dateOf(row.next_retry_at),
    createdAt: dateOf(row.created_at) ?? new Date(0),
    updatedAt: dateOf(row.updated_at) ?? new Date(0),
  };
}

/** A `connections` row (every column). */
export function connectionFromRow(row: RawRow): Connection {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    code: String(row.code),
    name: String(row.name),
    baseUrl: textOf(row.base_url),
    authenticationType: String(row.authentication_type) as Connection['authenticationType'],
    issuer: textOf(row.issuer),
    authorizationEndpoint: textOf(row.authorization_endpoint),
    tokenEndpoint: textOf(row.token_endpoint),
    revocationEndpoint: textOf(row.revocation_endpoint),
    clientId: textOf(row.client_id),
    clientSecretEnvelope: textOf(row.client_secret_envelope),
    scopes: jsonOf<string[]>(row.scopes),
    tokenEndpointAuthMethod: textOf(row.token_endpoint_auth_method) as Connection['tokenEndpointAuthMethod'],
    extraAuthorizationParams: jsonOf<Record<string, string>>(row.extra_authorization_params),
    templateId: textOf(row.template_id),
    templateParameters: jsonOf<Record<string, string>>(row.template_parameters),
    issParameterSupported: booleanOf(row.iss_parameter_supported),
    credentialsEnvelope: textOf(row.credentials_envelope),
    allowTokenAccess: booleanOf(row.allow_token_access) ?? false,
    createdAt: dateOf(row.created_at) ?? new Date(0),
    updatedAt: dateOf(row.updated_at) ?? new Date(0),
  };
}

/** How each dialect binds values raw SQL writes: SQLite takes no Date (epoch ms) and no boolean (0/1). */
export function binder(kind: 'sqlite' | 'postgres') {
  return kind === 'postgres'
    ? { time: (date: Date | null): Date | number | null => date, bool: (value: boolean): boolean | number => value }
    : {
        time: (date: Date | null): Date | number | null => (date === null ? null : date.getTime()),
        bool: (value: boolean) => (value ? 1 : 0),
      };
}
