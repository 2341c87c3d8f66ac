import type { Clock, TokenVault } from '@grantkeeper/oauth-core';
import type { Logger } from 'pino';
import { ClientCredentialsToken } from '../entities/index.js';
import type { Orm } from '../orm.js';
import { OrmAuthorizationStatePort } from './authorization-state-port.js';
import { OrmClientCredentialsStore } from './client-credentials-store.js';
import { OrmLeasePort } from './lease-port.js';
import { OrmPendingFlowStore } from './pending-flow-store.js';

export { decryptRefreshableTokens, decryptTokenSet, encryptTokenColumns, tokenFields } from './token-columns.js';
export {
  OrmAuthorizationStatePort,
  scheduleReadWith,
  toRefreshSchedule,
  type StoredAuthorizationState,
  type AuthorizationStateExtras,
  type RefreshFailureRecord,
  type RefreshSchedule,
  type OrmAuthorizationStatePortOptions,
} from './authorization-state-port.js';
export { OrmLeasePort, type LeasedRow } from './lease-port.js';
export {
  OrmClientCredentialsStore,
  CLIENT_CREDENTIALS_TOKEN_FIELD,
  type ClientCredentialsTokenRecord,
  type StoredClientCredentialsToken,
} from './client-credentials-store.js';
export { sealRefreshed, writeSealed, writtenBefore, type RefreshedWrite, type SealedWrites } from './refreshed-writes.js';
export { OrmPendingFlowStore, toPendingFlowValue } from './pending-flow-store.js';

export interface Ports {
  flows: OrmPendingFlowStore;
  lease: OrmLeasePort;
  state: OrmAuthorizationStatePort;
  /** The shared OAUTH2_CLIENT_CREDENTIALS tokens and the lease of their fetch. */
  clientCredentials: { store: OrmClientCredentialsStore; lease: OrmLeasePort };
}

/** The oauth-core ports over this database. */
export function createPorts(opts: {
  orm: Orm;
  vault: TokenVault;
  refreshMarginSeconds: number;
  clock?: Clock;
  /** Where the state port logs a retried write (warn). */
  logger?: Pick<Logger, 'warn'>;
}): Ports {
  return {
    flows: new OrmPendingFlowStore(opts.orm),
    lease: new OrmLeasePort(opts.orm, opts.clock),
    state: new OrmAuthorizationStatePort(opts),
    clientCredentials: {
      store: new OrmClientCredentialsStore(opts.orm, opts.vault),
      lease: new OrmLeasePort(opts.orm, opts.clock, ClientCredentialsToken),
    },
  };
}
