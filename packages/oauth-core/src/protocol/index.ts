export { discoverProvider, type DiscoveredProvider, type DiscoverProviderOptions } from './discovery.js';
export { startAuthorization, DEFAULT_FLOW_TTL_MS, type StartAuthorizationArgs, type StartAuthorizationResult } from './start.js';
export { completeAuthorization, type CompleteAuthorizationArgs, type CompleteAuthorizationResult } from './complete.js';
export { refreshTokenSet, type RefreshableTokens, type RefreshTokenSetArgs } from './refresh.js';
export { requestClientCredentialsToken, type ClientCredentialsArgs } from './client-credentials.js';
export {
  revokeTokenSet,
  type RevokeTokenSetArgs,
  type RevokeTokenSetResult,
  type RevocationResult,
  type RevocationTokenTypeHint,
} from './revoke.js';
export { normaliseTokenResponse, type NormaliseTokenResponseOptions } from './quirks.js';
export { validateProviderConfig } from './config.js';
export { MAX_PROVIDER_RESPONSE_BYTES, providerResponse, providerResponseTooLarge } from './body-limit.js';
