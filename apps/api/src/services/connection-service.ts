import {
  authenticationTypes,
  connectionCodePattern,
  defaultTokenEndpointAuthMethod,
  tokenEndpointAuthMethods,
  type TokenEndpointAuthMethod,
} from '@grantkeeper/schema';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { discoverProvider, getProviderTemplate, validateProviderConfig, type HttpFetch, type TokenVault } from '@grantkeeper/oauth-core';
import { connectionKey, publishInvalidation } from '../cache/index.js';
import type { EventBus } from '../events/index.js';
import { Authorization, Connection, type AuthenticationType } from '../persistence/entities/index.js';
import type { AuditService } from './audit-service.js';
import type { AuthorizationService } from './authorization-service.js';
import {
  hasCredentials,
  openCredentials,
  sealCredentials,
  toCredentialsInfo,
  validateCredentials,
  type CredentialsInput,
} from './connection-credentials.js';
import { isOAuth2Type, toConnectionView, type ConnectionView } from './connection-view.js';
import { badInput, notFound, ServiceError } from './errors.js';
import { applyOAuth2Settings, type OAuth2Settings } from './provider-config.js';
import type { RequestScope } from './types.js';
import {
  optionalText,
  optionalUrl,
  requireText,
  validateConnectionCode,
  validateExtraParams,
  validateTemplateParameters,
  validateScopes,
} from './validation.js';

export interface OAuth2SettingsInput {
  issuer?: string | null;
  authorizationEndpoint?: string | null;
  tokenEndpoint?: string | null;
  revocationEndpoint?: string | null;
  clientId: string;
  /** Write-only. Omitted or null keeps the stored one on update; "" clears it. */
  clientSecret?: string | null;
  scopes: string[];
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod | null;
  extraAuthorizationParams?: { key: string; value: string }[] | null;
  templateId?: string | null;
  templateParameters?: { key: string; value: string }[] | null;
}

export interface CreateConnectionInput {
  code: string;
  name: string;
  baseUrl?: string | null;
  authenticationType: AuthenticationType;
  oauth2?: OAuth2SettingsInput | null;
  credentials?: CredentialsInput | null;
  allowTokenAccess?: boolean | null;
}

export interface UpdateConnectionInput {
  name?: string | null;
  baseUrl?: string | null;
  oauth2?: OAuth2SettingsInput | null;
  /** Replaces the stored credentials (a secret left out keeps the stored one). */
  credentials?: CredentialsInput | null;
  allowTokenAccess?: boolean | null;
}

export interface ConnectionServiceDeps {
  vault: TokenVault;
  audit: AuditService;
  authorizations: AuthorizationService;
  redirectUri: string;
  fetch?: HttpFetch | undefined;
  /** Updates and deletions drop the row from every instance's `connection` cache (the proxy's). */
  bus: EventBus;
  /** OAUTH2_CLIENT_CREDENTIALS: the shared token, dropped by every update and by the deletion. */
  clientCredentials?: { forget(connection: Connection): Promise<void> } | undefined;
}

/** Connections of a workspace: create, read, update, delete (with revocation of its tokens). */
export class ConnectionService {
  constructor(private readonly deps: ConnectionServiceDeps) {}

  async list(scope: RequestScope): Promise<ConnectionView[]> {
    const rows = await scope.em.find(Connection, { workspaceId: scope.workspaceId }, { orderBy: { code: 'asc' } });
    return rows.map((row) => this.view(row));
  }

  async get(scope: RequestScope, code: string): Promise<ConnectionView | null> {
    if (!connectionCodePattern.test(code)) return null;
    const row = await scope.em.findOne(Connection, { workspaceId: scope.workspaceId, code });
    return row ? this.view(row) : null;
  }

  async create(scope: RequestScope, input: CreateConnectionInput): Promise<ConnectionView> {
    const code = validateConnectionCode(input.code);
    const name = requireText('name', input.name, 200);
    const baseUrl = optionalUrl('baseUrl', input.baseUrl);
    if (!(authenticationTypes as readonly string[]).includes(input.authenticationType)) {
      throw badInput('"authenticationType" is not supported.');
    }
    let settings: OAuth2Settings | null = null;
    if (isOAuth2Type(input.authenticationType)) {
      if (!input.oauth2) throw badInput(`"oauth2" settings are required for ${input.authenticationType}.`);
      settings = await this.validateOAuth2(input.oauth2, null, input.authenticationType);
    } else if (input.oauth2) {
      throw badInput(`"oauth2" settings apply only to the OAUTH2_* authentication types.`);
    }

    const em = scope.em.fork();
    if (await em.count(Connection, { workspaceId: scope.workspaceId, code })) {
      throw new ServiceError('CONFLICT', `A connection with code ${code} already exists in this workspace.`);
    }
    const row = em.create(Connection, {
      workspaceId: scope.workspaceId,
      code,
      name,
      baseUrl,
      authenticationType: input.authenticationType,
    });
    if (settings) applyOAuth2Settings(row, settings, this.deps.vault);
    if (input.credentials) {
      const credentials = validateCredentials(input.authenticationType, input.credentials, null);
      row.credentialsEnvelope = sealCredentials(this.deps.vault, row, credentials);
    }
    row.allowTokenAccess = input.allowTokenAccess ?? false;
    em.persist(row);
    if (input.authenticationType === 'OAUTH2_AUTHORIZATION_CODE') {
      em.persist(em.create(Authorization, { workspaceId: scope.workspaceId, connectionId: row.id }));
    }
    try {
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw new ServiceError('CONFLICT', `A connection with code ${code} already exists in this workspace.`);
      }
      throw error;
    }
    await this.deps.audit.record(em, {
      workspaceId: scope.workspaceId,
      connectionId: row.id,
      connectionCode: code,
      type: 'CONNECTION_CREATED',
      actor: scope.actor,
      message: `Connection ${code} (${input.authenticationType}) created.`,
    });
    return this.view(row);
  }

  async update(scope: RequestScope, code: string, input: UpdateConnectionInput): Promise<ConnectionView> {
    const em = scope.em.fork();
    const row = connectionCodePattern.test(code) ? await em.findOne(Connection, { workspaceId: scope.workspaceId, code }) : null;
    if (!row) throw notFound(`No connection with code ${code} in this workspace.`);
    const changed: string[] = [];
    if (input.name !== undefined && input.name !== null) {
      row.name = requireText('name', input.name, 200);
      changed.push('name');
    }
    if (input.baseUrl !== undefined) {
      row.baseUrl = optionalUrl('baseUrl', input.baseUrl);
      changed.push('base URL');
    }
    if (input.oauth2) {
      if (!isOAuth2Type(row.authenticationType)) {
        throw badInput(`"oauth2" settings apply only to the OAUTH2_* authentication types.`);
      }
      const settings = await this.validateOAuth2(input.oauth2, row, row.authenticationType);
      applyOAuth2Settings(row, settings, this.deps.vault);
      changed.push('OAuth2 settings');
    }
    if (input.credentials) {
      const previous = openCredentials(this.deps.vault, row);
      const credentials = validateCredentials(row.authenticationType, input.credentials, previous);
      row.credentialsEnvelope = sealCredentials(this.deps.vault, row, credentials);
      changed.push('credentials');
    }
    if (input.allowTokenAccess !== undefined && input.allowTokenAccess !== null) {
      row.allowTokenAccess = input.allowTokenAccess;
      changed.push(`token access ${input.allowTokenAccess ? 'allowed' : 'not allowed'}`);
    }
    row.updatedAt = new Date();
    await em.flush();
    await publishInvalidation(this.deps.bus, 'connection', connectionKey(scope.workspaceId, row.code));
    if (row.authenticationType === 'OAUTH2_CLIENT_CREDENTIALS') await this.deps.clientCredentials?.forget(row);
    await this.deps.audit.record(em, {
      workspaceId: scope.workspaceId,
      connectionId: row.id,
      connectionCode: row.code,
      type: 'CONNECTION_UPDATED',
      actor: scope.actor,
      message: changed.length ? `Connection updated: ${changed.join(', ')}.` : 'Connection saved without changes.',
    });
    return this.view(row);
  }

  /** Revokes at the provider (best effort), clears the tokens, then deletes the connection. */
  async delete(scope: RequestScope, code: string): Promise<boolean> {
    const em = scope.em.fork();
    const row = connectionCodePattern.test(code) ? await em.findOne(Connection, { workspaceId: scope.workspaceId, code }) : null;
    if (!row) throw notFound(`No connection with code ${code} in this workspace.`);
    let revocation = '';
    if (row.authenticationType === 'OAUTH2_AUTHORIZATION_CODE') {
      revocation = await this.deps.authorizations.removeForDeletedConnection(row);
    }
    if (row.authenticationType === 'OAUTH2_CLIENT_CREDENTIALS') await this.deps.clientCredentials?.forget(row);
    await em.removeAndFlush(row);
    await publishInvalidation(this.deps.bus, 'connection', connectionKey(scope.workspaceId, row.code));
    await this.deps.audit.record(em, {
      workspaceId: scope.workspaceId,
      connectionId: row.id,
      connectionCode: row.code,
      type: 'CONNECTION_DELETED',
      actor: scope.actor,
      message: `Connection ${row.code} deleted.${revocation ? ` ${revocation}` : ''}`,
    });
    return true;
  }

  private view(row: Connection): ConnectionView {
    const credentials = hasCredentials(row.authenticationType) ? toCredentialsInfo(openCredentials(this.deps.vault, row)) : null;
    return toConnectionView(row, this.deps.redirectUri, credentials);
  }

  private async validateOAuth2(input: OAuth2SettingsInput, existing: Connection | null, type: AuthenticationType): Promise<OAuth2Settings> {
    const method = input.tokenEndpointAuthMethod ?? defaultTokenEndpointAuthMethod;
    if (!tokenEndpointAuthMethods.includes(method)) throw badInput('"tokenEndpointAuthMethod" is not supported.');
    const templateId = optionalText('templateId', input.templateId, 100);
    if (templateId !== null && !getProviderTemplate(templateId)) {
      throw badInput(`Unknown provider template "${templateId}".`);
    }
    const clientId = requireText('clientId', input.clientId, 500);
    if (input.clientSecret !== undefined && input.clientSecret !== null && input.clientSecret.length > 4096) {
      throw badInput('"clientSecret" must be at most 4096 characters.');
    }
    const settings: OAuth2Settings = {
      issuer: optionalUrl('issuer', input.issuer),
      authorizationEndpoint: '',
      tokenEndpoint: '',
      revocationEndpoint: optionalUrl('revocationEndpoint', input.revocationEndpoint),
      clientId,
      clientSecret: input.clientSecret,
      scopes: validateScopes(input.scopes),
      tokenEndpointAuthMethod: method,
      extraAuthorizationParams: validateExtraParams(input.extraAuthorizationParams),
      templateId,
      templateParameters: validateTemplateParameters(templateId, input.templateParameters),
      issParameterSupported: existing?.issParameterSupported ?? null,
    };
    await this.resolveEndpoints(settings, input, type);
    const hasSecret =
      input.clientSecret !== undefined && input.clientSecret !== null
        ? input.clientSecret !== ''
        : existing?.clientSecretEnvelope !== null && existing?.clientSecretEnvelope !== undefined;
    if (method !== 'none' && !hasSecret) {
      throw badInput(`A client secret is required for ${method === 'client_secret_post' ? 'CLIENT_SECRET_POST' : 'CLIENT_SECRET_BASIC'}.`);
    }
    validateProviderConfig({
      issuer: settings.issuer ?? undefined,
      authorizationEndpoint: settings.authorizationEndpoint,
      tokenEndpoint: settings.tokenEndpoint,
      revocationEndpoint: settings.revocationEndpoint ?? undefined,
      clientId,
      clientSecret: method === 'none' ? undefined : 'x',
      tokenEndpointAuthMethod: method,
      scopes: settings.scopes,
      extraAuthorizationParams: settings.extraAuthorizationParams ?? undefined,
    });
    return settings;
  }

  /**
   * Explicit endpoints, or RFC 8414 / OpenID discovery from the issuer for what was left out.
   * OAUTH2_CLIENT_CREDENTIALS never uses an authorization endpoint: without one, the token endpoint stands in.
   */
  private async resolveEndpoints(settings: OAuth2Settings, input: OAuth2SettingsInput, type: AuthenticationType): Promise<void> {
    const tokenEndpoint = optionalUrl('tokenEndpoint', input.tokenEndpoint);
    const authorizationEndpoint =
      optionalUrl('authorizationEndpoint', input.authorizationEndpoint) ?? (type === 'OAUTH2_CLIENT_CREDENTIALS' ? tokenEndpoint : null);
    if (authorizationEndpoint && tokenEndpoint) {
      settings.authorizationEndpoint = authorizationEndpoint;
      settings.tokenEndpoint = tokenEndpoint;
    } else if (settings.issuer) {
      const discovered = await discoverProvider(settings.issuer, { fetch: this.deps.fetch });
      settings.issuer = discovered.issuer;
      settings.authorizationEndpoint = authorizationEndpoint ?? discovered.authorizationEndpoint;
      settings.tokenEndpoint = tokenEndpoint ?? discovered.tokenEndpoint;
      settings.revocationEndpoint ??= discovered.revocationEndpoint ?? null;
      settings.issParameterSupported = discovered.issParameterSupported;
    } else {
      throw badInput('Give "authorizationEndpoint" and "tokenEndpoint", or an "issuer" to discover them from.');
    }
  }
}
