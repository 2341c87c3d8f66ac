/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** ISO-8601 string in UTC, e.g. 2026-11-28T04:30:00.000Z */
  DateTime: { input: string; output: string; }
};

export type AccessToken = {
  __typename?: 'AccessToken';
  /** The secret; only ever returned by `accessToken`. */
  accessToken: Scalars['String']['output'];
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  scopes: Array<Scalars['String']['output']>;
  /** E.g. Bearer */
  tokenType: Scalars['String']['output'];
};

export type ApiKey = {
  __typename?: 'ApiKey';
  connectionAccess: ConnectionAccess;
  /** The connections it may use with PROXY/TOKEN; null = all in its workspace. */
  connectionCodes?: Maybe<Array<Scalars['String']['output']>>;
  createdAt: Scalars['DateTime']['output'];
  /** The key is refused after this; null = never expires. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  lastUsedAt?: Maybe<Scalars['DateTime']['output']>;
  name: Scalars['String']['output'];
  /** The key's first characters (e.g. gk_AbC123), to tell keys apart; null for keys older than this field. */
  prefix?: Maybe<Scalars['String']['output']>;
  role: Role;
};

export type AuditEvent = {
  __typename?: 'AuditEvent';
  actor?: Maybe<Scalars['String']['output']>;
  /** When it happened; of folded repeats, the first. */
  at: Scalars['DateTime']['output'];
  connectionCode: Scalars['String']['output'];
  /** How many identical events this row stands for (repeated refresh failures are folded); 1 otherwise. */
  count: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** The last of the folded events; equals `at` when count is 1. */
  lastAt: Scalars['DateTime']['output'];
  /** Never contains a token or secret. */
  message: Scalars['String']['output'];
  outcome: AuditOutcome;
  type: AuditEventType;
};

/** Every given condition must hold. */
export type AuditEventFilter = {
  /** Part of the actor's name (user or API key), any case. */
  actor?: InputMaybe<Scalars['String']['input']>;
  /** true: only the automatic refresher's events; false: only people's and API keys'. */
  byRefresher?: InputMaybe<Scalars['Boolean']['input']>;
  connectionCode?: InputMaybe<Scalars['String']['input']>;
  outcome?: InputMaybe<AuditOutcome>;
  /** Events at or after this time (a folded row when its last repeat is). */
  since?: InputMaybe<Scalars['DateTime']['input']>;
  /** Any of these types; null or empty = all. */
  types?: InputMaybe<Array<AuditEventType>>;
  /** Events before this time. */
  until?: InputMaybe<Scalars['DateTime']['input']>;
};

export type AuditEventPage = {
  __typename?: 'AuditEventPage';
  /** Pass as `after` for the next page; null when there is none. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Newest first. */
  events: Array<AuditEvent>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type AuditEventType =
  | 'API_KEY_CREATED'
  | 'API_KEY_DELETED'
  | 'AUTHORIZATION_FAILED'
  | 'AUTHORIZATION_REVOKED'
  | 'AUTHORIZATION_STARTED'
  | 'AUTHORIZED'
  | 'CONNECTION_CREATED'
  | 'CONNECTION_DELETED'
  | 'CONNECTION_UPDATED'
  | 'TOKEN_ISSUED'
  | 'TOKEN_REFRESHED'
  | 'TOKEN_REFRESH_FAILED'
  | 'TOKEN_TESTED'
  | 'USER_CREATED'
  | 'USER_DISABLED'
  | 'USER_ENABLED'
  | 'USER_PASSWORD_RESET'
  | 'USER_UPDATED';

/** Whether the action did what it set out to do. */
export type AuditOutcome =
  /** e.g. a failed refresh, a denied consent, a token test that found no valid token */
  | 'FAILURE'
  | 'SUCCESS';

export type AuthenticationType =
  | 'API_KEY'
  | 'BASIC'
  | 'NONE'
  | 'OAUTH2_AUTHORIZATION_CODE'
  | 'OAUTH2_CLIENT_CREDENTIALS';

export type Authorization = {
  __typename?: 'Authorization';
  authorizedBy?: Maybe<Scalars['String']['output']>;
  connectionCode: Scalars['String']['output'];
  consecutiveRefreshFailures: Scalars['Int']['output'];
  grantedScopes: Array<Scalars['String']['output']>;
  lastAuthorizedAt?: Maybe<Scalars['DateTime']['output']>;
  lastRefreshedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the refresher will next try. */
  nextRefreshAt?: Maybe<Scalars['DateTime']['output']>;
  /** First of the current run of failed refreshes; null when the last one succeeded. */
  refreshFailingSince?: Maybe<Scalars['DateTime']['output']>;
  refreshTokenExpiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** What the connection asks for; compare with grantedScopes. */
  requestedScopes: Array<Scalars['String']['output']>;
  status: AuthorizationStatus;
  statusReason?: Maybe<Scalars['String']['output']>;
  tokenExpiresAt?: Maybe<Scalars['DateTime']['output']>;
  tokenState: TokenState;
};

export type AuthorizationStatus =
  | 'AUTHORIZED'
  | 'NOT_AUTHORIZED'
  | 'REAUTHORIZATION_REQUIRED';

/** This instance's cached token of an OAUTH2_CLIENT_CREDENTIALS connection; never the token itself. */
export type ClientCredentialsTokenState = {
  __typename?: 'ClientCredentialsTokenState';
  /** A token is cached and will be used (it expires more than 60 s from now). */
  cached: Scalars['Boolean']['output'];
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  obtainedAt?: Maybe<Scalars['DateTime']['output']>;
  scopes: Array<Scalars['String']['output']>;
};

export type Connection = {
  __typename?: 'Connection';
  /** May TOKEN keys read this connection's access token? Default false. */
  allowTokenAccess: Scalars['Boolean']['output'];
  authenticationType: AuthenticationType;
  authorization?: Maybe<Authorization>;
  baseUrl?: Maybe<Scalars['String']['output']>;
  /** Null unless OAUTH2_CLIENT_CREDENTIALS: the token shared by every instance (a Test Token or the first proxied request fetches one). */
  clientCredentialsToken?: Maybe<ClientCredentialsTokenState>;
  code: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  /** Null unless BASIC or API_KEY. */
  credentials?: Maybe<CredentialsInfo>;
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  oauth2?: Maybe<OAuth2Settings>;
  updatedAt: Scalars['DateTime']['output'];
};

/** What an API key may do with the credentials of connections (besides its role). Console sessions never get PROXY or TOKEN access. */
export type ConnectionAccess =
  /** GraphQL only (the default). */
  | 'NONE'
  /** May also send requests through /proxy/{connectionCode}/... (tokens never leave). */
  | 'PROXY'
  /** PROXY, and may read access tokens with `accessToken` where the connection allows it. */
  | 'TOKEN';

export type CreateApiKeyInput = {
  connectionAccess?: InputMaybe<ConnectionAccess>;
  /** Null = all connections of the workspace. */
  connectionCodes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** When the key stops working (in the future); null = never. */
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  name: Scalars['String']['input'];
  role: Role;
};

export type CreateConnectionInput = {
  allowTokenAccess?: InputMaybe<Scalars['Boolean']['input']>;
  authenticationType: AuthenticationType;
  baseUrl?: InputMaybe<Scalars['String']['input']>;
  code: Scalars['String']['input'];
  /** BASIC and API_KEY */
  credentials?: InputMaybe<CredentialsInput>;
  name: Scalars['String']['input'];
  oauth2?: InputMaybe<OAuth2SettingsInput>;
};

export type CreateUserInput = {
  displayName: Scalars['String']['input'];
  email: Scalars['String']['input'];
  role: Role;
  /** Limit the user to these workspaces (null = all). */
  workspaceSlugs?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type CreateWebhookInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  events?: Array<WebhookEventType>;
  url: Scalars['String']['input'];
};

export type CreateWorkspaceInput = {
  company: Scalars['String']['input'];
  environment: Scalars['String']['input'];
  slug: Scalars['String']['input'];
};

export type CreatedApiKey = {
  __typename?: 'CreatedApiKey';
  apiKey: ApiKey;
  /** Shown exactly once; only a hash is stored. */
  key: Scalars['String']['output'];
};

export type CreatedUser = {
  __typename?: 'CreatedUser';
  /** Shown exactly once; the user must change it at first sign-in. */
  oneTimePassword: Scalars['String']['output'];
  user: User;
};

export type CreatedWebhook = {
  __typename?: 'CreatedWebhook';
  /** "whsec_" + base64 of 32 random bytes; shown exactly once. */
  secret: Scalars['String']['output'];
  webhook: Webhook;
};

/** What may be shown of the stored credentials. */
export type CredentialsInfo = {
  __typename?: 'CredentialsInfo';
  apiKeyHeader?: Maybe<Scalars['String']['output']>;
  apiKeyQueryParam?: Maybe<Scalars['String']['output']>;
  apiKeySet: Scalars['Boolean']['output'];
  passwordSet: Scalars['Boolean']['output'];
  /** When the password or API key was last set; null when unknown. */
  secretChangedAt?: Maybe<Scalars['DateTime']['output']>;
  /** BASIC */
  username?: Maybe<Scalars['String']['output']>;
};

/** Write-only credentials of the non-OAuth authentication types; never returned. */
export type CredentialsInput = {
  /** API_KEY: the secret value */
  apiKey?: InputMaybe<Scalars['String']['input']>;
  /** API_KEY: header that carries it (e.g. X-Api-Key) ... */
  apiKeyHeader?: InputMaybe<Scalars['String']['input']>;
  /** ... or query parameter; exactly one of the two */
  apiKeyQueryParam?: InputMaybe<Scalars['String']['input']>;
  /** BASIC */
  password?: InputMaybe<Scalars['String']['input']>;
  /** BASIC */
  username?: InputMaybe<Scalars['String']['input']>;
};

export type HttpHeader = {
  __typename?: 'HttpHeader';
  name: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

/** A request header of sendTestRequest. */
export type HttpHeaderInput = {
  name: Scalars['String']['input'];
  value: Scalars['String']['input'];
};

export type KeyValue = {
  __typename?: 'KeyValue';
  key: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type KeyValueInput = {
  key: Scalars['String']['input'];
  value: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** The signed-in user’s own password; their other sessions end. */
  changePassword: Scalars['Boolean']['output'];
  /** The key is shown exactly once. */
  createApiKey: CreatedApiKey;
  createConnection: Connection;
  /** The one-time password is shown exactly once. */
  createUser: CreatedUser;
  /** The secret is shown exactly once. */
  createWebhook: CreatedWebhook;
  /** A signed-in admin of every workspace; API keys get FORBIDDEN. */
  createWorkspace: Workspace;
  deleteApiKey: Scalars['Boolean']['output'];
  /** Also revokes and clears its tokens. */
  deleteConnection: Scalars['Boolean']['output'];
  deleteWebhook: Scalars['Boolean']['output'];
  /** Sets the session cookie. */
  login: User;
  logout: Scalars['Boolean']['output'];
  /** A new attempt now, with the same webhook-id. */
  redeliverWebhookDelivery: WebhookDelivery;
  refreshToken: Authorization;
  /** A new one-time password; the user’s sessions end. */
  resetUserPassword: CreatedUser;
  revokeAuthorization: Authorization;
  /** Sends one request through the proxy path of this connection, from the server; the credentials are never returned. */
  sendTestRequest: TestRequestResult;
  startAuthorization: StartAuthorizationPayload;
  testToken: TokenTestResult;
  updateConnection: Connection;
  /** The last active ADMIN cannot be demoted or disabled (CONFLICT). */
  updateUser: User;
  updateWebhook: Webhook;
};


export type MutationChangePasswordArgs = {
  currentPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};


export type MutationCreateApiKeyArgs = {
  input: CreateApiKeyInput;
};


export type MutationCreateConnectionArgs = {
  input: CreateConnectionInput;
};


export type MutationCreateUserArgs = {
  input: CreateUserInput;
};


export type MutationCreateWebhookArgs = {
  input: CreateWebhookInput;
};


export type MutationCreateWorkspaceArgs = {
  input: CreateWorkspaceInput;
};


export type MutationDeleteApiKeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDeleteConnectionArgs = {
  code: Scalars['String']['input'];
};


export type MutationDeleteWebhookArgs = {
  id: Scalars['ID']['input'];
};


export type MutationLoginArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationRedeliverWebhookDeliveryArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRefreshTokenArgs = {
  connectionCode: Scalars['String']['input'];
};


export type MutationResetUserPasswordArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeAuthorizationArgs = {
  connectionCode: Scalars['String']['input'];
};


export type MutationSendTestRequestArgs = {
  body?: InputMaybe<Scalars['String']['input']>;
  connectionCode: Scalars['String']['input'];
  headers?: InputMaybe<Array<HttpHeaderInput>>;
  method?: Scalars['String']['input'];
  path: Scalars['String']['input'];
};


export type MutationStartAuthorizationArgs = {
  connectionCode: Scalars['String']['input'];
};


export type MutationTestTokenArgs = {
  connectionCode: Scalars['String']['input'];
};


export type MutationUpdateConnectionArgs = {
  code: Scalars['String']['input'];
  input: UpdateConnectionInput;
};


export type MutationUpdateUserArgs = {
  id: Scalars['ID']['input'];
  input: UpdateUserInput;
};


export type MutationUpdateWebhookArgs = {
  id: Scalars['ID']['input'];
  input: UpdateWebhookInput;
};

export type OAuth2Discovery = {
  __typename?: 'OAuth2Discovery';
  authorizationEndpoint: Scalars['String']['output'];
  issuer: Scalars['String']['output'];
  revocationEndpoint?: Maybe<Scalars['String']['output']>;
  scopesSupported: Array<Scalars['String']['output']>;
  tokenEndpoint: Scalars['String']['output'];
};

export type OAuth2Settings = {
  __typename?: 'OAuth2Settings';
  authorizationEndpoint: Scalars['String']['output'];
  clientId: Scalars['String']['output'];
  clientSecretSet: Scalars['Boolean']['output'];
  extraAuthorizationParams: Array<KeyValue>;
  issuer?: Maybe<Scalars['String']['output']>;
  redirectUri: Scalars['String']['output'];
  revocationEndpoint?: Maybe<Scalars['String']['output']>;
  scopes: Array<Scalars['String']['output']>;
  templateId?: Maybe<Scalars['String']['output']>;
  templateParameters: Array<KeyValue>;
  tokenEndpoint: Scalars['String']['output'];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
};

export type OAuth2SettingsInput = {
  authorizationEndpoint?: InputMaybe<Scalars['String']['input']>;
  clientId: Scalars['String']['input'];
  /** Write-only. */
  clientSecret?: InputMaybe<Scalars['String']['input']>;
  extraAuthorizationParams?: InputMaybe<Array<KeyValueInput>>;
  issuer?: InputMaybe<Scalars['String']['input']>;
  revocationEndpoint?: InputMaybe<Scalars['String']['input']>;
  scopes: Array<Scalars['String']['input']>;
  templateId?: InputMaybe<Scalars['String']['input']>;
  templateParameters?: InputMaybe<Array<KeyValueInput>>;
  tokenEndpoint?: InputMaybe<Scalars['String']['input']>;
  tokenEndpointAuthMethod?: InputMaybe<TokenEndpointAuthMethod>;
};

export type ProviderTemplate = {
  __typename?: 'ProviderTemplate';
  authorizationEndpoint: Scalars['String']['output'];
  documentationUrl?: Maybe<Scalars['String']['output']>;
  extraAuthorizationParams: Array<KeyValue>;
  id: Scalars['String']['output'];
  issuer?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  notes: Array<Scalars['String']['output']>;
  parameters: Array<ProviderTemplateParameter>;
  revocationEndpoint?: Maybe<Scalars['String']['output']>;
  scopes: Array<Scalars['String']['output']>;
  tokenEndpoint: Scalars['String']['output'];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
};

export type ProviderTemplateParameter = {
  __typename?: 'ProviderTemplateParameter';
  example?: Maybe<Scalars['String']['output']>;
  label: Scalars['String']['output'];
  name: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Only for an API key with connectionAccess TOKEN covering this connection, on a connection with allowTokenAccess; FORBIDDEN otherwise (always for console sessions). Audited as TOKEN_ISSUED. */
  accessToken: AccessToken;
  apiKeys: Array<ApiKey>;
  /** One page of the audit log, newest first; `first` 1 to 500. */
  auditEventPage: AuditEventPage;
  auditEvents: Array<AuditEvent>;
  authorization: Authorization;
  connection?: Maybe<Connection>;
  connections: Array<Connection>;
  /** RFC 8414 / OpenID discovery; BAD_USER_INPUT on failure. */
  discoverOAuth2: OAuth2Discovery;
  /** Null when not signed in (or calling with an API key). */
  me?: Maybe<User>;
  /** Well-known providers; URLs may contain {param} placeholders. */
  providerTemplates: Array<ProviderTemplate>;
  serverInfo: ServerInfo;
  users: Array<User>;
  /** Newest first. */
  webhookDeliveries: Array<WebhookDelivery>;
  webhooks: Array<Webhook>;
  /** Those the caller may act in. */
  workspaces: Array<Workspace>;
};


export type QueryAccessTokenArgs = {
  connectionCode: Scalars['String']['input'];
};


export type QueryAuditEventPageArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditEventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryAuditEventsArgs = {
  connectionCode?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryAuthorizationArgs = {
  connectionCode: Scalars['String']['input'];
};


export type QueryConnectionArgs = {
  code: Scalars['String']['input'];
};


export type QueryDiscoverOAuth2Args = {
  issuer: Scalars['String']['input'];
};


export type QueryWebhookDeliveriesArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  webhookId: Scalars['ID']['input'];
};

export type Role =
  | 'ADMIN'
  | 'OPERATOR'
  | 'VIEWER';

export type ServerInfo = {
  __typename?: 'ServerInfo';
  /** PUBLIC_URL + /oauth/callback: register it at the provider. */
  redirectUri: Scalars['String']['output'];
  version: Scalars['String']['output'];
};

export type StartAuthorizationPayload = {
  __typename?: 'StartAuthorizationPayload';
  authorizationUrl: Scalars['String']['output'];
  expiresAt: Scalars['DateTime']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** The new state after every change of an authorization in the caller's workspace. */
  authorizationChanged: Authorization;
};


export type SubscriptionAuthorizationChangedArgs = {
  connectionCode?: InputMaybe<Scalars['String']['input']>;
};

export type TestRequestResult = {
  __typename?: 'TestRequestResult';
  /** The first 64 KiB, as text. */
  body: Scalars['String']['output'];
  durationMs: Scalars['Int']['output'];
  /** The upstream's response headers (no set-cookie). */
  headers: Array<HttpHeader>;
  /** The upstream's HTTP status. */
  status: Scalars['Int']['output'];
  truncated: Scalars['Boolean']['output'];
};

export type TokenEndpointAuthMethod =
  | 'CLIENT_SECRET_BASIC'
  | 'CLIENT_SECRET_POST'
  | 'NONE';

export type TokenState =
  | 'EXPIRED'
  | 'EXPIRING'
  | 'NONE'
  | 'VALID';

export type TokenTestResult = {
  __typename?: 'TokenTestResult';
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  message: Scalars['String']['output'];
  valid: Scalars['Boolean']['output'];
};

export type UpdateConnectionInput = {
  allowTokenAccess?: InputMaybe<Scalars['Boolean']['input']>;
  baseUrl?: InputMaybe<Scalars['String']['input']>;
  /** Replaces the stored credentials. */
  credentials?: InputMaybe<CredentialsInput>;
  name?: InputMaybe<Scalars['String']['input']>;
  oauth2?: InputMaybe<OAuth2SettingsInput>;
};

export type UpdateUserInput = {
  /** Disabling ends the user's sessions at once. */
  disabled?: InputMaybe<Scalars['Boolean']['input']>;
  displayName?: InputMaybe<Scalars['String']['input']>;
  role?: InputMaybe<Role>;
  /** Limit the user to these workspaces (null = all). */
  workspaceSlugs?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type UpdateWebhookInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  enabled?: InputMaybe<Scalars['Boolean']['input']>;
  events?: InputMaybe<Array<WebhookEventType>>;
  url?: InputMaybe<Scalars['String']['input']>;
};

export type User = {
  __typename?: 'User';
  disabled: Scalars['Boolean']['output'];
  displayName: Scalars['String']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  lastSignInAt?: Maybe<Scalars['DateTime']['output']>;
  /** Signed in with a one-time password: only changePassword (and me, logout) work until it is changed. */
  mustChangePassword: Scalars['Boolean']['output'];
  role: Role;
  /** The workspaces this user may act in; null = all. */
  workspaceSlugs?: Maybe<Array<Scalars['String']['output']>>;
};

export type Webhook = {
  __typename?: 'Webhook';
  createdAt: Scalars['DateTime']['output'];
  description?: Maybe<Scalars['String']['output']>;
  enabled: Scalars['Boolean']['output'];
  /** Empty = every event type. */
  events: Array<WebhookEventType>;
  id: Scalars['ID']['output'];
  url: Scalars['String']['output'];
};

export type WebhookDelivery = {
  __typename?: 'WebhookDelivery';
  attempts: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  eventType: WebhookEventType;
  /** Also the "webhook-id" header: stable across retries. */
  id: Scalars['ID']['output'];
  lastError?: Maybe<Scalars['String']['output']>;
  lastStatusCode?: Maybe<Scalars['Int']['output']>;
  nextAttemptAt?: Maybe<Scalars['DateTime']['output']>;
  state: WebhookDeliveryState;
  webhookId: Scalars['ID']['output'];
};

export type WebhookDeliveryState =
  | 'FAILED'
  | 'PENDING'
  | 'SUCCEEDED';

export type WebhookEventType =
  | 'AUTHORIZATION_FAILED'
  | 'AUTHORIZATION_REVOKED'
  | 'AUTHORIZATION_STARTED'
  | 'AUTHORIZED'
  | 'CONNECTION_CREATED'
  | 'CONNECTION_DELETED'
  | 'CONNECTION_UPDATED'
  | 'REAUTHORIZATION_REQUIRED'
  | 'TOKEN_ISSUED'
  | 'TOKEN_REFRESHED'
  | 'TOKEN_REFRESH_FAILED'
  | 'TOKEN_TESTED';

export type Workspace = {
  __typename?: 'Workspace';
  company: Scalars['String']['output'];
  environment: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  slug: Scalars['String']['output'];
};

export type ApiKeyFieldsFragment = { __typename?: 'ApiKey', id: string, name: string, role: Role, prefix?: string | null, createdAt: string, expiresAt?: string | null, lastUsedAt?: string | null, connectionAccess: ConnectionAccess, connectionCodes?: Array<string> | null };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { __typename?: 'Query', apiKeys: Array<{ __typename?: 'ApiKey', id: string, name: string, role: Role, prefix?: string | null, createdAt: string, expiresAt?: string | null, lastUsedAt?: string | null, connectionAccess: ConnectionAccess, connectionCodes?: Array<string> | null }> };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { __typename?: 'Mutation', createApiKey: { __typename?: 'CreatedApiKey', key: string, apiKey: { __typename?: 'ApiKey', id: string, name: string, role: Role, prefix?: string | null, createdAt: string, expiresAt?: string | null, lastUsedAt?: string | null, connectionAccess: ConnectionAccess, connectionCodes?: Array<string> | null } } };

export type DeleteApiKeyMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteApiKeyMutation = { __typename?: 'Mutation', deleteApiKey: boolean };

export type AuthorizationFieldsFragment = { __typename?: 'Authorization', connectionCode: string, status: AuthorizationStatus, tokenExpiresAt?: string | null, lastAuthorizedAt?: string | null, authorizedBy?: string | null, lastRefreshedAt?: string | null, refreshTokenExpiresAt?: string | null, grantedScopes: Array<string>, statusReason?: string | null, nextRefreshAt?: string | null, tokenState: TokenState, refreshFailingSince?: string | null, consecutiveRefreshFailures: number };

export type AuthorizationPageQueryVariables = Exact<{
  code: Scalars['String']['input'];
}>;


export type AuthorizationPageQuery = { __typename?: 'Query', connection?: { __typename?: 'Connection', id: string, code: string, name: string, authenticationType: AuthenticationType, oauth2?: { __typename?: 'OAuth2Settings', clientId: string, clientSecretSet: boolean, authorizationEndpoint: string, tokenEndpoint: string, scopes: Array<string> } | null, authorization?: { __typename?: 'Authorization', requestedScopes: Array<string>, connectionCode: string, status: AuthorizationStatus, tokenExpiresAt?: string | null, lastAuthorizedAt?: string | null, authorizedBy?: string | null, lastRefreshedAt?: string | null, refreshTokenExpiresAt?: string | null, grantedScopes: Array<string>, statusReason?: string | null, nextRefreshAt?: string | null, tokenState: TokenState, refreshFailingSince?: string | null, consecutiveRefreshFailures: number } | null, clientCredentialsToken?: { __typename?: 'ClientCredentialsTokenState', cached: boolean, obtainedAt?: string | null, expiresAt?: string | null, scopes: Array<string> } | null } | null };

export type AuthorizationChangedSubscriptionVariables = Exact<{
  connectionCode?: InputMaybe<Scalars['String']['input']>;
}>;


export type AuthorizationChangedSubscription = { __typename?: 'Subscription', authorizationChanged: { __typename?: 'Authorization', connectionCode: string, status: AuthorizationStatus, tokenExpiresAt?: string | null, lastAuthorizedAt?: string | null, authorizedBy?: string | null, lastRefreshedAt?: string | null, refreshTokenExpiresAt?: string | null, grantedScopes: Array<string>, statusReason?: string | null, nextRefreshAt?: string | null, tokenState: TokenState, refreshFailingSince?: string | null, consecutiveRefreshFailures: number } };

export type StartAuthorizationMutationVariables = Exact<{
  connectionCode: Scalars['String']['input'];
}>;


export type StartAuthorizationMutation = { __typename?: 'Mutation', startAuthorization: { __typename?: 'StartAuthorizationPayload', authorizationUrl: string, expiresAt: string } };

export type TestTokenMutationVariables = Exact<{
  connectionCode: Scalars['String']['input'];
}>;


export type TestTokenMutation = { __typename?: 'Mutation', testToken: { __typename?: 'TokenTestResult', valid: boolean, expiresAt?: string | null, message: string } };

export type RefreshTokenMutationVariables = Exact<{
  connectionCode: Scalars['String']['input'];
}>;


export type RefreshTokenMutation = { __typename?: 'Mutation', refreshToken: { __typename?: 'Authorization', connectionCode: string, status: AuthorizationStatus, tokenExpiresAt?: string | null, lastAuthorizedAt?: string | null, authorizedBy?: string | null, lastRefreshedAt?: string | null, refreshTokenExpiresAt?: string | null, grantedScopes: Array<string>, statusReason?: string | null, nextRefreshAt?: string | null, tokenState: TokenState, refreshFailingSince?: string | null, consecutiveRefreshFailures: number } };

export type RevokeAuthorizationMutationVariables = Exact<{
  connectionCode: Scalars['String']['input'];
}>;


export type RevokeAuthorizationMutation = { __typename?: 'Mutation', revokeAuthorization: { __typename?: 'Authorization', connectionCode: string, status: AuthorizationStatus, tokenExpiresAt?: string | null, lastAuthorizedAt?: string | null, authorizedBy?: string | null, lastRefreshedAt?: string | null, refreshTokenExpiresAt?: string | null, grantedScopes: Array<string>, statusReason?: string | null, nextRefreshAt?: string | null, tokenState: TokenState, refreshFailingSince?: string | null, consecutiveRefreshFailures: number } };

export type ConnectionListItemFragment = { __typename?: 'Connection', id: string, code: string, name: string, authenticationType: AuthenticationType, updatedAt: string, authorization?: { __typename?: 'Authorization', connectionCode: string, status: AuthorizationStatus, tokenExpiresAt?: string | null, lastAuthorizedAt?: string | null, authorizedBy?: string | null, lastRefreshedAt?: string | null, refreshTokenExpiresAt?: string | null, grantedScopes: Array<string>, statusReason?: string | null, nextRefreshAt?: string | null, tokenState: TokenState, refreshFailingSince?: string | null, consecutiveRefreshFailures: number } | null };

export type ConnectionDetailsFragment = { __typename?: 'Connection', id: string, code: string, name: string, baseUrl?: string | null, authenticationType: AuthenticationType, createdAt: string, updatedAt: string, allowTokenAccess: boolean, oauth2?: { __typename?: 'OAuth2Settings', issuer?: string | null, authorizationEndpoint: string, tokenEndpoint: string, revocationEndpoint?: string | null, clientId: string, clientSecretSet: boolean, scopes: Array<string>, tokenEndpointAuthMethod: TokenEndpointAuthMethod, redirectUri: string, templateId?: string | null, extraAuthorizationParams: Array<{ __typename?: 'KeyValue', key: string, value: string }>, templateParameters: Array<{ __typename?: 'KeyValue', key: string, value: string }> } | null, authorization?: { __typename?: 'Authorization', connectionCode: string, status: AuthorizationStatus, tokenExpiresAt?: string | null, lastAuthorizedAt?: string | null, authorizedBy?: string | null, lastRefreshedAt?: string | null, refreshTokenExpiresAt?: string | null, grantedScopes: Array<string>, statusReason?: string | null, nextRefreshAt?: string | null, tokenState: TokenState, refreshFailingSince?: string | null, consecutiveRefreshFailures: number } | null, credentials?: { __typename?: 'CredentialsInfo', username?: string | null, passwordSet: boolean, apiKeySet: boolean, apiKeyHeader?: string | null, apiKeyQueryParam?: string | null, secretChangedAt?: string | null } | null };

export type ConnectionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConnectionsQuery = { __typename?: 'Query', connections: Array<{ __typename?: 'Connection', id: string, code: string, name: string, authenticationType: AuthenticationType, updatedAt: string, authorization?: { __typename?: 'Authorization', connectionCode: string, status: AuthorizationStatus, tokenExpiresAt?: string | null, lastAuthorizedAt?: string | null, authorizedBy?: string | null, lastRefreshedAt?: string | null, refreshTokenExpiresAt?: string | null, grantedScopes: Array<string>, statusReason?: string | null, nextRefreshAt?: string | null, tokenState: TokenState, refreshFailingSince?: string | null, consecutiveRefreshFailures: number } | null }> };

export type ConnectionQueryVariables = Exact<{
  code: Scalars['String']['input'];
}>;


export type ConnectionQuery = { __typename?: 'Query', connection?: { __typename?: 'Connection', id: string, code: string, name: string, baseUrl?: string | null, authenticationType: AuthenticationType, createdAt: string, updatedAt: string, allowTokenAccess: boolean, oauth2?: { __typename?: 'OAuth2Settings', issuer?: string | null, authorizationEndpoint: string, tokenEndpoint: string, revocationEndpoint?: string | null, clientId: string, clientSecretSet: boolean, scopes: Array<string>, tokenEndpointAuthMethod: TokenEndpointAuthMethod, redirectUri: string, templateId?: string | null, extraAuthorizationParams: Array<{ __typename?: 'KeyValue', key: string, value: string }>, templateParameters: Array<{ __typename?: 'KeyValue', key: string, value: string }> } | null, authorization?: { __typename?: 'Authorization', connectionCode: string, status: AuthorizationStatus, tokenExpiresAt?: string | null, lastAuthorizedAt?: string | null, authorizedBy?: string | null, lastRefreshedAt?: string | null, refreshTokenExpiresAt?: string | null, grantedScopes: Array<string>, statusReason?: string | null, nextRefreshAt?: string | null, tokenState: TokenState, refreshFailingSince?: string | null, consecutiveRefreshFailures: number } | null, credentials?: { __typename?: 'CredentialsInfo', username?: string | null, passwordSet: boolean, apiKeySet: boolean, apiKeyHeader?: string | null, apiKeyQueryParam?: string | null, secretChangedAt?: string | null } | null } | null };

export type ConnectionFormDataQueryVariables = Exact<{ [key: string]: never; }>;


export type ConnectionFormDataQuery = { __typename?: 'Query', providerTemplates: Array<{ __typename?: 'ProviderTemplate', id: string, name: string, issuer?: string | null, authorizationEndpoint: string, tokenEndpoint: string, revocationEndpoint?: string | null, scopes: Array<string>, tokenEndpointAuthMethod: TokenEndpointAuthMethod, notes: Array<string>, documentationUrl?: string | null, extraAuthorizationParams: Array<{ __typename?: 'KeyValue', key: string, value: string }>, parameters: Array<{ __typename?: 'ProviderTemplateParameter', name: string, label: string, example?: string | null }> }>, serverInfo: { __typename?: 'ServerInfo', redirectUri: string, version: string } };

export type DiscoverOAuth2QueryVariables = Exact<{
  issuer: Scalars['String']['input'];
}>;


export type DiscoverOAuth2Query = { __typename?: 'Query', discoverOAuth2: { __typename?: 'OAuth2Discovery', issuer: string, authorizationEndpoint: string, tokenEndpoint: string, revocationEndpoint?: string | null, scopesSupported: Array<string> } };

export type CreateConnectionMutationVariables = Exact<{
  input: CreateConnectionInput;
}>;


export type CreateConnectionMutation = { __typename?: 'Mutation', createConnection: { __typename?: 'Connection', id: string, code: string, name: string, baseUrl?: string | null, authenticationType: AuthenticationType, createdAt: string, updatedAt: string, allowTokenAccess: boolean, oauth2?: { __typename?: 'OAuth2Settings', issuer?: string | null, authorizationEndpoint: string, tokenEndpoint: string, revocationEndpoint?: string | null, clientId: string, clientSecretSet: boolean, scopes: Array<string>, tokenEndpointAuthMethod: TokenEndpointAuthMethod, redirectUri: string, templateId?: string | null, extraAuthorizationParams: Array<{ __typename?: 'KeyValue', key: string, value: string }>, templateParameters: Array<{ __typename?: 'KeyValue', key: string, value: string }> } | null, authorization?: { __typename?: 'Authorization', connectionCode: string, status: AuthorizationStatus, tokenExpiresAt?: string | null, lastAuthorizedAt?: string | null, authorizedBy?: string | null, lastRefreshedAt?: string | null, refreshTokenExpiresAt?: string | null, grantedScopes: Array<string>, statusReason?: string | null, nextRefreshAt?: string | null, tokenState: TokenState, refreshFailingSince?: string | null, consecutiveRefreshFailures: number } | null, credentials?: { __typename?: 'CredentialsInfo', username?: string | null, passwordSet: boolean, apiKeySet: boolean, apiKeyHeader?: string | null, apiKeyQueryParam?: string | null, secretChangedAt?: string | null } | null } };

export type UpdateConnectionMutationVariables = Exact<{
  code: Scalars['String']['input'];
  input: UpdateConnectionInput;
}>;


export type UpdateConnectionMutation = { __typename?: 'Mutation', updateConnection: { __typename?: 'Connection', id: string, code: string, name: string, baseUrl?: string | null, authenticationType: AuthenticationType, createdAt: string, updatedAt: string, allowTokenAccess: boolean, oauth2?: { __typename?: 'OAuth2Settings', issuer?: string | null, authorizationEndpoint: string, tokenEndpoint: string, revocationEndpoint?: string | null, clientId: string, clientSecretSet: boolean, scopes: Array<string>, tokenEndpointAuthMethod: TokenEndpointAuthMethod, redirectUri: string, templateId?: string | null, extraAuthorizationParams: Array<{ __typename?: 'KeyValue', key: string, value: string }>, templateParameters: Array<{ __typename?: 'KeyValue', key: string, value: string }> } | null, authorization?: { __typename?: 'Authorization', connectionCode: string, status: AuthorizationStatus, tokenExpiresAt?: string | null, lastAuthorizedAt?: string | null, authorizedBy?: string | null, lastRefreshedAt?: string | null, refreshTokenExpiresAt?: string | null, grantedScopes: Array<string>, statusReason?: string | null, nextRefreshAt?: string | null, tokenState: TokenState, refreshFailingSince?: string | null, consecutiveRefreshFailures: number } | null, credentials?: { __typename?: 'CredentialsInfo', username?: string | null, passwordSet: boolean, apiKeySet: boolean, apiKeyHeader?: string | null, apiKeyQueryParam?: string | null, secretChangedAt?: string | null } | null } };

export type DeleteConnectionMutationVariables = Exact<{
  code: Scalars['String']['input'];
}>;


export type DeleteConnectionMutation = { __typename?: 'Mutation', deleteConnection: boolean };

export type SendTestRequestMutationVariables = Exact<{
  code: Scalars['String']['input'];
  method: Scalars['String']['input'];
  path: Scalars['String']['input'];
  body?: InputMaybe<Scalars['String']['input']>;
  headers?: InputMaybe<Array<HttpHeaderInput> | HttpHeaderInput>;
}>;


export type SendTestRequestMutation = { __typename?: 'Mutation', sendTestRequest: { __typename?: 'TestRequestResult', status: number, body: string, truncated: boolean, durationMs: number, headers: Array<{ __typename?: 'HttpHeader', name: string, value: string }> } };

export type AuditEventsQueryVariables = Exact<{
  connectionCode?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type AuditEventsQuery = { __typename?: 'Query', auditEvents: Array<{ __typename?: 'AuditEvent', id: string, connectionCode: string, type: AuditEventType, actor?: string | null, at: string, message: string }> };

export type AuditEventRowFragment = { __typename?: 'AuditEvent', id: string, connectionCode: string, type: AuditEventType, outcome: AuditOutcome, actor?: string | null, at: string, lastAt: string, count: number, message: string };

export type AuditEventPageQueryVariables = Exact<{
  filter?: InputMaybe<AuditEventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type AuditEventPageQuery = { __typename?: 'Query', auditEventPage: { __typename?: 'AuditEventPage', endCursor?: string | null, hasNextPage: boolean, events: Array<{ __typename?: 'AuditEvent', id: string, connectionCode: string, type: AuditEventType, outcome: AuditOutcome, actor?: string | null, at: string, lastAt: string, count: number, message: string }> } };

export type ServerInfoQueryVariables = Exact<{ [key: string]: never; }>;


export type ServerInfoQuery = { __typename?: 'Query', serverInfo: { __typename?: 'ServerInfo', version: string } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { __typename?: 'Query', me?: { __typename?: 'User', id: string, email: string, displayName: string, role: Role, mustChangePassword: boolean, workspaceSlugs?: Array<string> | null } | null };

export type WorkspacesQueryVariables = Exact<{ [key: string]: never; }>;


export type WorkspacesQuery = { __typename?: 'Query', workspaces: Array<{ __typename?: 'Workspace', id: string, slug: string, company: string, environment: string }> };

export type LoginMutationVariables = Exact<{
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
}>;


export type LoginMutation = { __typename?: 'Mutation', login: { __typename?: 'User', id: string, email: string, displayName: string, role: Role, mustChangePassword: boolean, workspaceSlugs?: Array<string> | null } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { __typename?: 'Mutation', logout: boolean };

export type CreateWorkspaceMutationVariables = Exact<{
  input: CreateWorkspaceInput;
}>;


export type CreateWorkspaceMutation = { __typename?: 'Mutation', createWorkspace: { __typename?: 'Workspace', id: string, slug: string, company: string, environment: string } };

export type UserFieldsFragment = { __typename?: 'User', id: string, email: string, displayName: string, role: Role, disabled: boolean, lastSignInAt?: string | null, workspaceSlugs?: Array<string> | null, mustChangePassword: boolean };

export type UsersQueryVariables = Exact<{ [key: string]: never; }>;


export type UsersQuery = { __typename?: 'Query', users: Array<{ __typename?: 'User', id: string, email: string, displayName: string, role: Role, disabled: boolean, lastSignInAt?: string | null, workspaceSlugs?: Array<string> | null, mustChangePassword: boolean }> };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { __typename?: 'Mutation', createUser: { __typename?: 'CreatedUser', oneTimePassword: string, user: { __typename?: 'User', id: string, email: string, displayName: string, role: Role, disabled: boolean, lastSignInAt?: string | null, workspaceSlugs?: Array<string> | null, mustChangePassword: boolean } } };

export type UpdateUserMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateUserInput;
}>;


export type UpdateUserMutation = { __typename?: 'Mutation', updateUser: { __typename?: 'User', id: string, email: string, displayName: string, role: Role, disabled: boolean, lastSignInAt?: string | null, workspaceSlugs?: Array<string> | null, mustChangePassword: boolean } };

export type ResetUserPasswordMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ResetUserPasswordMutation = { __typename?: 'Mutation', resetUserPassword: { __typename?: 'CreatedUser', oneTimePassword: string, user: { __typename?: 'User', id: string, email: string, displayName: string, role: Role, disabled: boolean, lastSignInAt?: string | null, workspaceSlugs?: Array<string> | null, mustChangePassword: boolean } } };

export type ChangePasswordMutationVariables = Exact<{
  currentPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
}>;


export type ChangePasswordMutation = { __typename?: 'Mutation', changePassword: boolean };

export type WebhookFieldsFragment = { __typename?: 'Webhook', id: string, url: string, description?: string | null, events: Array<WebhookEventType>, enabled: boolean, createdAt: string };

export type WebhookDeliveryFieldsFragment = { __typename?: 'WebhookDelivery', id: string, webhookId: string, eventType: WebhookEventType, state: WebhookDeliveryState, attempts: number, lastStatusCode?: number | null, lastError?: string | null, nextAttemptAt?: string | null, createdAt: string };

export type WebhooksQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhooksQuery = { __typename?: 'Query', webhooks: Array<{ __typename?: 'Webhook', id: string, url: string, description?: string | null, events: Array<WebhookEventType>, enabled: boolean, createdAt: string }> };

export type WebhookDeliveriesQueryVariables = Exact<{
  webhookId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
}>;


export type WebhookDeliveriesQuery = { __typename?: 'Query', webhookDeliveries: Array<{ __typename?: 'WebhookDelivery', id: string, webhookId: string, eventType: WebhookEventType, state: WebhookDeliveryState, attempts: number, lastStatusCode?: number | null, lastError?: string | null, nextAttemptAt?: string | null, createdAt: string }> };

export type CreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type CreateWebhookMutation = { __typename?: 'Mutation', createWebhook: { __typename?: 'CreatedWebhook', secret: string, webhook: { __typename?: 'Webhook', id: string, url: string, description?: string | null, events: Array<WebhookEventType>, enabled: boolean, createdAt: string } } };

export type UpdateWebhookMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: UpdateWebhookInput;
}>;


export type UpdateWebhookMutation = { __typename?: 'Mutation', updateWebhook: { __typename?: 'Webhook', id: string, url: string, description?: string | null, events: Array<WebhookEventType>, enabled: boolean, createdAt: string } };

export type DeleteWebhookMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type DeleteWebhookMutation = { __typename?: 'Mutation', deleteWebhook: boolean };

export type RedeliverWebhookDeliveryMutationVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type RedeliverWebhookDeliveryMutation = { __typename?: 'Mutation', redeliverWebhookDelivery: { __typename?: 'WebhookDelivery', id: string, webhookId: string, eventType: WebhookEventType, state: WebhookDeliveryState, attempts: number, lastStatusCode?: number | null, lastError?: string | null, nextAttemptAt?: string | null, createdAt: string } };

export const ApiKeyFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiKeyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"connectionAccess"}},{"kind":"Field","name":{"kind":"Name","value":"connectionCodes"}}]}}]} as unknown as DocumentNode<ApiKeyFieldsFragment, unknown>;
export const AuthorizationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuthorizationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Authorization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthorizedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorizedBy"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"nextRefreshAt"}},{"kind":"Field","name":{"kind":"Name","value":"tokenState"}},{"kind":"Field","name":{"kind":"Name","value":"refreshFailingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveRefreshFailures"}}]}}]} as unknown as DocumentNode<AuthorizationFieldsFragment, unknown>;
export const ConnectionListItemFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Connection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationType"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuthorizationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuthorizationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Authorization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthorizedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorizedBy"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"nextRefreshAt"}},{"kind":"Field","name":{"kind":"Name","value":"tokenState"}},{"kind":"Field","name":{"kind":"Name","value":"refreshFailingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveRefreshFailures"}}]}}]} as unknown as DocumentNode<ConnectionListItemFragment, unknown>;
export const ConnectionDetailsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Connection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"baseUrl"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationType"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"authorizationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"revocationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpointAuthMethod"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUri"}},{"kind":"Field","name":{"kind":"Name","value":"extraAuthorizationParams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"templateId"}},{"kind":"Field","name":{"kind":"Name","value":"templateParameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"authorization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuthorizationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"allowTokenAccess"}},{"kind":"Field","name":{"kind":"Name","value":"credentials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeySet"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyHeader"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyQueryParam"}},{"kind":"Field","name":{"kind":"Name","value":"secretChangedAt"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuthorizationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Authorization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthorizedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorizedBy"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"nextRefreshAt"}},{"kind":"Field","name":{"kind":"Name","value":"tokenState"}},{"kind":"Field","name":{"kind":"Name","value":"refreshFailingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveRefreshFailures"}}]}}]} as unknown as DocumentNode<ConnectionDetailsFragment, unknown>;
export const AuditEventRowFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditEventRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"lastAt"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AuditEventRowFragment, unknown>;
export const UserFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"disabled"}},{"kind":"Field","name":{"kind":"Name","value":"lastSignInAt"}},{"kind":"Field","name":{"kind":"Name","value":"workspaceSlugs"}},{"kind":"Field","name":{"kind":"Name","value":"mustChangePassword"}}]}}]} as unknown as DocumentNode<UserFieldsFragment, unknown>;
export const WebhookFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Webhook"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<WebhookFieldsFragment, unknown>;
export const WebhookDeliveryFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webhookId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatusCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<WebhookDeliveryFieldsFragment, unknown>;
export const ApiKeysDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ApiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiKeyFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiKeyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"connectionAccess"}},{"kind":"Field","name":{"kind":"Name","value":"connectionCodes"}}]}}]} as unknown as DocumentNode<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateApiKeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"apiKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ApiKeyFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ApiKeyFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ApiKey"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"connectionAccess"}},{"kind":"Field","name":{"kind":"Name","value":"connectionCodes"}}]}}]} as unknown as DocumentNode<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const DeleteApiKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteApiKeyMutation, DeleteApiKeyMutationVariables>;
export const AuthorizationPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuthorizationPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationType"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"authorizationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"authorization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuthorizationFields"}},{"kind":"Field","name":{"kind":"Name","value":"requestedScopes"}}]}},{"kind":"Field","name":{"kind":"Name","value":"clientCredentialsToken"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cached"}},{"kind":"Field","name":{"kind":"Name","value":"obtainedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuthorizationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Authorization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthorizedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorizedBy"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"nextRefreshAt"}},{"kind":"Field","name":{"kind":"Name","value":"tokenState"}},{"kind":"Field","name":{"kind":"Name","value":"refreshFailingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveRefreshFailures"}}]}}]} as unknown as DocumentNode<AuthorizationPageQuery, AuthorizationPageQueryVariables>;
export const AuthorizationChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AuthorizationChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"authorizationChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"connectionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuthorizationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuthorizationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Authorization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthorizedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorizedBy"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"nextRefreshAt"}},{"kind":"Field","name":{"kind":"Name","value":"tokenState"}},{"kind":"Field","name":{"kind":"Name","value":"refreshFailingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveRefreshFailures"}}]}}]} as unknown as DocumentNode<AuthorizationChangedSubscription, AuthorizationChangedSubscriptionVariables>;
export const StartAuthorizationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartAuthorization"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startAuthorization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"connectionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"authorizationUrl"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<StartAuthorizationMutation, StartAuthorizationMutationVariables>;
export const TestTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"testToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"connectionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"valid"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<TestTokenMutation, TestTokenMutationVariables>;
export const RefreshTokenDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RefreshToken"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"refreshToken"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"connectionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuthorizationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuthorizationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Authorization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthorizedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorizedBy"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"nextRefreshAt"}},{"kind":"Field","name":{"kind":"Name","value":"tokenState"}},{"kind":"Field","name":{"kind":"Name","value":"refreshFailingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveRefreshFailures"}}]}}]} as unknown as DocumentNode<RefreshTokenMutation, RefreshTokenMutationVariables>;
export const RevokeAuthorizationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeAuthorization"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeAuthorization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"connectionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuthorizationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuthorizationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Authorization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthorizedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorizedBy"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"nextRefreshAt"}},{"kind":"Field","name":{"kind":"Name","value":"tokenState"}},{"kind":"Field","name":{"kind":"Name","value":"refreshFailingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveRefreshFailures"}}]}}]} as unknown as DocumentNode<RevokeAuthorizationMutation, RevokeAuthorizationMutationVariables>;
export const ConnectionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Connections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connections"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConnectionListItem"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuthorizationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Authorization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthorizedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorizedBy"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"nextRefreshAt"}},{"kind":"Field","name":{"kind":"Name","value":"tokenState"}},{"kind":"Field","name":{"kind":"Name","value":"refreshFailingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveRefreshFailures"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionListItem"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Connection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationType"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuthorizationFields"}}]}}]}}]} as unknown as DocumentNode<ConnectionsQuery, ConnectionsQueryVariables>;
export const ConnectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Connection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConnectionDetails"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuthorizationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Authorization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthorizedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorizedBy"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"nextRefreshAt"}},{"kind":"Field","name":{"kind":"Name","value":"tokenState"}},{"kind":"Field","name":{"kind":"Name","value":"refreshFailingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveRefreshFailures"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Connection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"baseUrl"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationType"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"authorizationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"revocationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpointAuthMethod"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUri"}},{"kind":"Field","name":{"kind":"Name","value":"extraAuthorizationParams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"templateId"}},{"kind":"Field","name":{"kind":"Name","value":"templateParameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"authorization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuthorizationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"allowTokenAccess"}},{"kind":"Field","name":{"kind":"Name","value":"credentials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeySet"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyHeader"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyQueryParam"}},{"kind":"Field","name":{"kind":"Name","value":"secretChangedAt"}}]}}]}}]} as unknown as DocumentNode<ConnectionQuery, ConnectionQueryVariables>;
export const ConnectionFormDataDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConnectionFormData"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"providerTemplates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"authorizationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"revocationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpointAuthMethod"}},{"kind":"Field","name":{"kind":"Name","value":"extraAuthorizationParams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"parameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"example"}}]}},{"kind":"Field","name":{"kind":"Name","value":"notes"}},{"kind":"Field","name":{"kind":"Name","value":"documentationUrl"}}]}},{"kind":"Field","name":{"kind":"Name","value":"serverInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"redirectUri"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ConnectionFormDataQuery, ConnectionFormDataQueryVariables>;
export const DiscoverOAuth2Document = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DiscoverOAuth2"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"issuer"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"discoverOAuth2"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"issuer"},"value":{"kind":"Variable","name":{"kind":"Name","value":"issuer"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"authorizationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"revocationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"scopesSupported"}}]}}]}}]} as unknown as DocumentNode<DiscoverOAuth2Query, DiscoverOAuth2QueryVariables>;
export const CreateConnectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateConnection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateConnectionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConnectionDetails"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuthorizationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Authorization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthorizedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorizedBy"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"nextRefreshAt"}},{"kind":"Field","name":{"kind":"Name","value":"tokenState"}},{"kind":"Field","name":{"kind":"Name","value":"refreshFailingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveRefreshFailures"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Connection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"baseUrl"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationType"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"authorizationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"revocationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpointAuthMethod"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUri"}},{"kind":"Field","name":{"kind":"Name","value":"extraAuthorizationParams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"templateId"}},{"kind":"Field","name":{"kind":"Name","value":"templateParameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"authorization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuthorizationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"allowTokenAccess"}},{"kind":"Field","name":{"kind":"Name","value":"credentials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeySet"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyHeader"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyQueryParam"}},{"kind":"Field","name":{"kind":"Name","value":"secretChangedAt"}}]}}]}}]} as unknown as DocumentNode<CreateConnectionMutation, CreateConnectionMutationVariables>;
export const UpdateConnectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateConnection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateConnectionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ConnectionDetails"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuthorizationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Authorization"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"tokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastAuthorizedAt"}},{"kind":"Field","name":{"kind":"Name","value":"authorizedBy"}},{"kind":"Field","name":{"kind":"Name","value":"lastRefreshedAt"}},{"kind":"Field","name":{"kind":"Name","value":"refreshTokenExpiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"grantedScopes"}},{"kind":"Field","name":{"kind":"Name","value":"statusReason"}},{"kind":"Field","name":{"kind":"Name","value":"nextRefreshAt"}},{"kind":"Field","name":{"kind":"Name","value":"tokenState"}},{"kind":"Field","name":{"kind":"Name","value":"refreshFailingSince"}},{"kind":"Field","name":{"kind":"Name","value":"consecutiveRefreshFailures"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ConnectionDetails"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Connection"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"baseUrl"}},{"kind":"Field","name":{"kind":"Name","value":"authenticationType"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"oauth2"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issuer"}},{"kind":"Field","name":{"kind":"Name","value":"authorizationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"revocationEndpoint"}},{"kind":"Field","name":{"kind":"Name","value":"clientId"}},{"kind":"Field","name":{"kind":"Name","value":"clientSecretSet"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"tokenEndpointAuthMethod"}},{"kind":"Field","name":{"kind":"Name","value":"redirectUri"}},{"kind":"Field","name":{"kind":"Name","value":"extraAuthorizationParams"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"templateId"}},{"kind":"Field","name":{"kind":"Name","value":"templateParameters"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"authorization"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuthorizationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"allowTokenAccess"}},{"kind":"Field","name":{"kind":"Name","value":"credentials"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"username"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeySet"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyHeader"}},{"kind":"Field","name":{"kind":"Name","value":"apiKeyQueryParam"}},{"kind":"Field","name":{"kind":"Name","value":"secretChangedAt"}}]}}]}}]} as unknown as DocumentNode<UpdateConnectionMutation, UpdateConnectionMutationVariables>;
export const DeleteConnectionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteConnection"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteConnection"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}]}]}}]} as unknown as DocumentNode<DeleteConnectionMutation, DeleteConnectionMutationVariables>;
export const SendTestRequestDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SendTestRequest"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"method"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"path"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"body"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"headers"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HttpHeaderInput"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendTestRequest"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"connectionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}},{"kind":"Argument","name":{"kind":"Name","value":"method"},"value":{"kind":"Variable","name":{"kind":"Name","value":"method"}}},{"kind":"Argument","name":{"kind":"Name","value":"path"},"value":{"kind":"Variable","name":{"kind":"Name","value":"path"}}},{"kind":"Argument","name":{"kind":"Name","value":"body"},"value":{"kind":"Variable","name":{"kind":"Name","value":"body"}}},{"kind":"Argument","name":{"kind":"Name","value":"headers"},"value":{"kind":"Variable","name":{"kind":"Name","value":"headers"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"headers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"truncated"}},{"kind":"Field","name":{"kind":"Name","value":"durationMs"}}]}}]}}]} as unknown as DocumentNode<SendTestRequestMutation, SendTestRequestMutationVariables>;
export const AuditEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"connectionCode"},"value":{"kind":"Variable","name":{"kind":"Name","value":"connectionCode"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<AuditEventsQuery, AuditEventsQueryVariables>;
export const AuditEventPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditEventPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEventFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditEventPage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AuditEventRow"}}]}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AuditEventRow"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AuditEvent"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"connectionCode"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"actor"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"lastAt"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]} as unknown as DocumentNode<AuditEventPageQuery, AuditEventPageQueryVariables>;
export const ServerInfoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServerInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serverInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ServerInfoQuery, ServerInfoQueryVariables>;
export const MeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"mustChangePassword"}},{"kind":"Field","name":{"kind":"Name","value":"workspaceSlugs"}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const WorkspacesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Workspaces"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workspaces"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"company"}},{"kind":"Field","name":{"kind":"Name","value":"environment"}}]}}]}}]} as unknown as DocumentNode<WorkspacesQuery, WorkspacesQueryVariables>;
export const LoginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Login"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"email"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"password"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"email"},"value":{"kind":"Variable","name":{"kind":"Name","value":"email"}}},{"kind":"Argument","name":{"kind":"Name","value":"password"},"value":{"kind":"Variable","name":{"kind":"Name","value":"password"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"mustChangePassword"}},{"kind":"Field","name":{"kind":"Name","value":"workspaceSlugs"}}]}}]}}]} as unknown as DocumentNode<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Logout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"logout"}}]}}]} as unknown as DocumentNode<LogoutMutation, LogoutMutationVariables>;
export const CreateWorkspaceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateWorkspace"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateWorkspaceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createWorkspace"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"slug"}},{"kind":"Field","name":{"kind":"Name","value":"company"}},{"kind":"Field","name":{"kind":"Name","value":"environment"}}]}}]}}]} as unknown as DocumentNode<CreateWorkspaceMutation, CreateWorkspaceMutationVariables>;
export const UsersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"users"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"disabled"}},{"kind":"Field","name":{"kind":"Name","value":"lastSignInAt"}},{"kind":"Field","name":{"kind":"Name","value":"workspaceSlugs"}},{"kind":"Field","name":{"kind":"Name","value":"mustChangePassword"}}]}}]} as unknown as DocumentNode<UsersQuery, UsersQueryVariables>;
export const CreateUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateUserInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"oneTimePassword"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"disabled"}},{"kind":"Field","name":{"kind":"Name","value":"lastSignInAt"}},{"kind":"Field","name":{"kind":"Name","value":"workspaceSlugs"}},{"kind":"Field","name":{"kind":"Name","value":"mustChangePassword"}}]}}]} as unknown as DocumentNode<CreateUserMutation, CreateUserMutationVariables>;
export const UpdateUserDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateUser"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateUserInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateUser"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"disabled"}},{"kind":"Field","name":{"kind":"Name","value":"lastSignInAt"}},{"kind":"Field","name":{"kind":"Name","value":"workspaceSlugs"}},{"kind":"Field","name":{"kind":"Name","value":"mustChangePassword"}}]}}]} as unknown as DocumentNode<UpdateUserMutation, UpdateUserMutationVariables>;
export const ResetUserPasswordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResetUserPassword"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resetUserPassword"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"user"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"UserFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"oneTimePassword"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"UserFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"User"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"disabled"}},{"kind":"Field","name":{"kind":"Name","value":"lastSignInAt"}},{"kind":"Field","name":{"kind":"Name","value":"workspaceSlugs"}},{"kind":"Field","name":{"kind":"Name","value":"mustChangePassword"}}]}}]} as unknown as DocumentNode<ResetUserPasswordMutation, ResetUserPasswordMutationVariables>;
export const ChangePasswordDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ChangePassword"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"currentPassword"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"newPassword"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changePassword"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"currentPassword"},"value":{"kind":"Variable","name":{"kind":"Name","value":"currentPassword"}}},{"kind":"Argument","name":{"kind":"Name","value":"newPassword"},"value":{"kind":"Variable","name":{"kind":"Name","value":"newPassword"}}}]}]}}]} as unknown as DocumentNode<ChangePasswordMutation, ChangePasswordMutationVariables>;
export const WebhooksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Webhooks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhooks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Webhook"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<WebhooksQuery, WebhooksQueryVariables>;
export const WebhookDeliveriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebhookDeliveries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"webhookId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"webhookDeliveries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"webhookId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"webhookId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookDeliveryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webhookId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatusCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const CreateWebhookDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateWebhookInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"webhook"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Webhook"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<CreateWebhookMutation, CreateWebhookMutationVariables>;
export const UpdateWebhookDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateWebhookInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Webhook"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"events"}},{"kind":"Field","name":{"kind":"Name","value":"enabled"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<UpdateWebhookMutation, UpdateWebhookMutationVariables>;
export const DeleteWebhookDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteWebhook"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteWebhook"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteWebhookMutation, DeleteWebhookMutationVariables>;
export const RedeliverWebhookDeliveryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RedeliverWebhookDelivery"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"redeliverWebhookDelivery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"WebhookDeliveryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"WebhookDeliveryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"WebhookDelivery"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webhookId"}},{"kind":"Field","name":{"kind":"Name","value":"eventType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastStatusCode"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"nextAttemptAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]} as unknown as DocumentNode<RedeliverWebhookDeliveryMutation, RedeliverWebhookDeliveryMutationVariables>;