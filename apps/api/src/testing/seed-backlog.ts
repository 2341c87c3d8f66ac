/**
 * Many authorized connections straight into the database (bulk INSERTs, tokens sealed by the
 * real vault), `due` of them due now: the refresher's backlog for the bench and the tests.
 * Due rows became due within the last minute and their access tokens expire one refresh margin
 * after that; the others are due in one to two hours. Each refresh token is registered with the
 * token endpoint, which rotates it.
 */
import type { TokenVault } from '@grantkeeper/oauth-core';
import type { App } from '../app.js';
import { Authorization, Connection } from '../persistence/entities/index.js';
import { newId } from '../persistence/entities/columns.js';
import type { Orm } from '../persistence/orm.js';
import { tokenFields } from '../persistence/ports/index.js';

export interface BacklogOptions {
  workspaceId: string;
  total: number;
  due: number;
  /** The token endpoint of connection `i` (e.g. two providers: `i % 2`). */
  tokenEndpoint: (i: number) => string;
  /** Told every refresh token stored, with the expiry of its access token. */
  register: (refreshToken: string, accessExpiresAt: Date) => void;
  refreshMarginSeconds: number;
  /** Connection codes start with this (unique per seeding in one workspace). */
  codePrefix?: string;
  now?: Date;
}

const CHUNK = 500;

function rowsOf(i: number, options: BacklogOptions, vault: TokenVault, now: number) {
  const connectionId = newId();
  const seal = (field: string, value: string) => vault.encrypt(value, { workspaceId: options.workspaceId, connectionId, field });
  const due = i < options.due;
  const nextRefreshAt = new Date(due ? now - ((i * 7919) % 60_000) : now + 3_600_000 + ((i * 7919) % 3_600_000));
  const tokenExpiresAt = new Date(nextRefreshAt.getTime() + options.refreshMarginSeconds * 1000);
  const refreshToken = `seed-${connectionId}`;
  options.register(refreshToken, tokenExpiresAt);
  const created = new Date(now - 86_400_000);
  const connection = {
    id: connectionId,
    workspaceId: options.workspaceId,
    code: `${options.codePrefix ?? 'B'}${i}`,
    name: `Backlog ${i}`,
    authenticationType: 'OAUTH2_AUTHORIZATION_CODE' as const,
    authorizationEndpoint: 'https://idp.example.com/authorize',
    tokenEndpoint: options.tokenEndpoint(i),
    clientId: 'bench',
    tokenEndpointAuthMethod: 'none' as const,
    scopes: ['api'],
    allowTokenAccess: false,
    createdAt: created,
    updatedAt: created,
  };
  const authorization = {
    id: newId(),
    workspaceId: options.workspaceId,
    connectionId,
    status: 'AUTHORIZED' as const,
    accessTokenEnvelope: seal(tokenFields.accessToken, `seed-at-${i}`),
    refreshTokenEnvelope: seal(tokenFields.refreshToken, refreshToken),
    tokenType: 'bearer',
    tokenExpiresAt,
    grantedScopes: ['api'],
    obtainedAt: created,
    lastAuthorizedAt: created,
    version: 1,
    refreshFailures: 0,
    nextRefreshAt,
    createdAt: created,
    updatedAt: created,
  };
  return { connection, authorization };
}

/** Inserts the backlog; returns the connection ids of the due rows. */
export async function seedBacklog(orm: Orm, vault: TokenVault, options: BacklogOptions): Promise<string[]> {
  const now = (options.now ?? new Date()).getTime();
  const dueIds: string[] = [];
  for (let start = 0; start < options.total; start += CHUNK) {
    const em = orm.em.fork();
    const rows = Array.from({ length: Math.min(CHUNK, options.total - start) }, (_, k) => rowsOf(start + k, options, vault, now));
    for (const [k, row] of rows.entries()) if (start + k < options.due) dueIds.push(row.connection.id);
    await em.insertMany(
      Connection,
      rows.map((row) => row.connection),
    );
    await em.insertMany(
      Authorization,
      rows.map((row) => row.authorization),
    );
  }
  return dueIds;
}

/** Seeds into `app`'s default workspace (created if need be), with its refresh margin; the due rows' connection ids. */
export async function seedAppBacklog(app: App, options: Omit<BacklogOptions, 'workspaceId' | 'refreshMarginSeconds'>): Promise<string[]> {
  const workspace = await app.auth.workspaces.ensureDefault();
  return seedBacklog(app.orm, app.vault, { ...options, workspaceId: workspace.id, refreshMarginSeconds: app.config.refreshMarginSeconds });
}
