export {
  computeRefreshDueAt,
  DEFAULT_IDLE_KEEP_ALIVE_SECONDS,
  DEFAULT_JITTER_RATIO,
  DEFAULT_NO_EXPIRY_REFRESH_INTERVAL_SECONDS,
  type RefreshDueOptions,
} from './refresh-due.js';
export { computeRetryDelayMs, parseRetryAfter, DEFAULT_RETRY_BASE_MS, DEFAULT_RETRY_MAX_MS, type RetryDelayOptions } from './retry.js';
export {
  testTokenUsability,
  DEFAULT_SKEW_SECONDS,
  type TokenUsability,
  type TokenUsabilityOptions,
  type TokenUsabilityReason,
} from './token-usability.js';
