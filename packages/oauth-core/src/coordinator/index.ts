export {
  RefreshCoordinator,
  DEFAULT_LEASE_TTL_MS,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
  type PerformRefresh,
  type RefreshCallOptions,
  type RefreshCoordinatorOptions,
} from './refresh-coordinator.js';
export { UnwrittenTokens, type KeptLease, type UnwrittenEvent, type UnwrittenOptions } from './unwritten.js';
