/**
 * Provider templates: known endpoints, scopes, refresh-token parameters and quirks of
 * well-known authorization servers, so an operator only fills in a client id and secret.
 */
import type { ProviderQuirks, TokenEndpointAuthMethod } from '../types.js';

/** A value the operator supplies, substituted as `{name}` into the template's URLs. */
export interface ProviderTemplateParameter {
  /** Placeholder name: `{tenant}` in a URL is replaced by the value of `tenant`. */
  name: string;
  /** Form label. */
  label: string;
  /** A valid example value (also used by the tests). */
  example: string;
  /** Help text for the form. */
  description?: string | undefined;
  /** Used when the operator leaves the parameter empty; without it the parameter is required. */
  defaultValue?: string | undefined;
  /** The whole value must match (anchored). Keeps a value from reaching another host or path. */
  pattern: RegExp;
  /** What `pattern` accepts, in words, for the error message. */
  patternDescription: string;
  /** When set, the value must be one of these (e.g. a provider's data-centre domains). */
  allowedValues?: readonly string[] | undefined;
}

/** What is known of a provider's refresh-token lifetime (for the refresh-timing policy). */
export interface RefreshTokenPolicy {
  /** An unused refresh token expires after this long (a sliding window reset by each refresh). */
  idleExpiresAfterSeconds?: number | undefined;
  /** Every refresh token of a grant expires this long after the first authorization. */
  absoluteExpiresAfterSeconds?: number | undefined;
  /** After rotation the previous refresh token still works for this long (retry window). */
  reuseGraceSeconds?: number | undefined;
}

export interface ProviderTemplate {
  /** Stable id (kebab-case), stored with a connection. */
  id: string;
  /** Display name. */
  name: string;
  /** OpenID issuer, when the provider is an OpenID Provider with a fixed issuer. May hold `{param}`s. */
  issuer?: string | undefined;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  /** RFC 7009 revocation endpoint; absent when the provider has none (or only a non-standard API). */
  revocationEndpoint?: string | undefined;
  /** Default scopes: the minimum for a refresh token and a useful first call; edit per connection. */
  scopes: readonly string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** Query parameters added to the authorization request (refresh-token switches, audience, …). */
  extraAuthorizationParams?: Readonly<Record<string, string>> | undefined;
  parameters: readonly ProviderTemplateParameter[];
  quirks: ProviderQuirks;
  refreshTokenPolicy?: RefreshTokenPolicy | undefined;
  /** The provider's own documentation of its authorization code flow. */
  documentationUrl: string;
}
