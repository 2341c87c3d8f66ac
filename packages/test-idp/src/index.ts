export { startTestIdp } from './start-test-idp.js';
export { freePort } from './free-port.js';
export { applyResponseQuirks } from './token-quirks.js';
export { DEFAULT_ACCOUNT } from './runtime-state.js';
export type {
  AuthorizeOptions,
  InteractionMode,
  StartTestIdpOptions,
  TestAccount,
  TestClient,
  TestIdp,
  TestIdpCounters,
  TokenEndpointAuthMethod,
  TokenQuirks,
} from './types.js';
