/**
 * Master key rotation: re-encrypt every stored secret (client secrets, BASIC/API_KEY credentials, access/refresh/id
 * tokens, client credentials tokens, PKCE code verifiers) under a new key, in one transaction. Every row is updated only
 * if its envelopes are still the ones that were read (a concurrent writer wins, and its row is
 * read again), and the token state `version` is left alone so an in-flight refresh's
 * compare-and-swap still succeeds. Values a still-running instance writes with the old key
 * afterwards stay readable because the old key is kept as a previous key.
 */
import { TokenVault, type VaultKey } from '@grantkeeper/oauth-core';
import type { EntityManager } from '@mikro-orm/core';
import { Authorization, ClientCredentialsToken, Connection, PendingFlow, Webhook } from './entities/index.js';
import type { Orm } from './orm.js';
import { CLIENT_CREDENTIALS_TOKEN_FIELD } from './ports/client-credentials-store.js';

export const CLIENT_SECRET_FIELD = 'client_secret';
export const CODE_VERIFIER_FIELD = 'code_verifier';
/** Vault field of a BASIC / API_KEY connection's credentials (one JSON envelope). */
export const CREDENTIALS_FIELD = 'credentials';

export interface RotationReport {
  /** Values re-encrypted under the new key. */
  reEncrypted: number;
  /** Values that already used the new key. */
  alreadyCurrent: number;
  connections: number;
  authorizations: number;
  clientCredentialsTokens: number;
  pendingFlows: number;
  webhooks: number;
}

export interface RotateOptions {
  orm: Orm;
  /** Every key that may have encrypted a stored value (the current and older ones). */
  oldKeys: readonly VaultKey[];
  newKey: VaultKey;
}

const MAX_ATTEMPTS_PER_ROW = 5;

type Sealed = Record<string, string | null>;

/** Re-encrypt `fields` of one row; null when nothing changes. */
function reseal(
  vault: TokenVault,
  values: Sealed,
  aad: { workspaceId: string; connectionId: string },
  fieldNames: Record<string, string>,
  report: RotationReport,
): Sealed | null {
  const next: Sealed = {};
  let changed = false;
  for (const [prop, envelope] of Object.entries(values)) {
    if (envelope === null) continue;
    if (vault.isEncryptedWithActiveKey(envelope)) {
      report.alreadyCurrent++;
      continue;
    }
    const field = fieldNames[prop] as string;
    next[prop] = vault.encrypt(vault.decrypt(envelope, { ...aad, field }), { ...aad, field });
    report.reEncrypted++;
    changed = true;
  }
  return changed ? next : null;
}

async function rotateRows<T extends object>(
  em: EntityManager,
  entity: new () => T,
  idProp: keyof T & string,
  fieldNames: Record<string, string>,
  aadOf: (row: T) => { workspaceId: string; connectionId: string },
  vault: TokenVault,
  report: RotationReport,
): Promise<number> {
  let rows = 0;
  const props = Object.keys(fieldNames);
  const all = await em.find(entity, {});
  for (const first of all) {
    let row: T | null = first;
    for (let attempt = 1; row !== null; attempt++) {
      const values = Object.fromEntries(props.map((p) => [p, (row as Record<string, unknown>)[p] as string | null]));
      const next = reseal(vault, values, aadOf(row), fieldNames, report);
      if (next === null) break;
      const where = { [idProp]: (row as Record<string, unknown>)[idProp], ...values };
      if ((await em.nativeUpdate(entity, where as never, next as never)) === 1) {
        rows++;
        break;
      }
      if (attempt >= MAX_ATTEMPTS_PER_ROW) {
        throw new Error(`A ${entity.name} row kept changing during the key rotation; run the rotation again.`);
      }
      row = await em.findOne(entity, { [idProp]: where[idProp] } as never, { refresh: true });
    }
  }
  return rows;
}

/** The stored tokens: of the authorizations, and the shared client credentials tokens. */
async function rotateTokenRows(em: EntityManager, vault: TokenVault, report: RotationReport): Promise<void> {
  report.authorizations = await rotateRows(
    em,
    Authorization,
    'id',
    { accessTokenEnvelope: 'access_token', refreshTokenEnvelope: 'refresh_token', idTokenEnvelope: 'id_token' },
    (a) => ({ workspaceId: a.workspaceId, connectionId: a.connectionId }),
    vault,
    report,
  );
  report.clientCredentialsTokens = await rotateRows(
    em,
    ClientCredentialsToken,
    'id',
    { accessTokenEnvelope: CLIENT_CREDENTIALS_TOKEN_FIELD },
    (t) => ({ workspaceId: t.workspaceId, connectionId: t.connectionId }),
    vault,
    report,
  );
}

export async function rotateStoredSecrets(opts: RotateOptions): Promise<RotationReport> {
  const previous = opts.oldKeys.filter((k) => k.id !== opts.newKey.id);
  const vault = new TokenVault({ activeKey: opts.newKey, previousKeys: previous });
  const report: RotationReport = {
    reEncrypted: 0,
    alreadyCurrent: 0,
    connections: 0,
    authorizations: 0,
    clientCredentialsTokens: 0,
    pendingFlows: 0,
    webhooks: 0,
  };
  await opts.orm.em.fork().transactional(async (em) => {
    report.connections = await rotateRows(
      em,
      Connection,
      'id',
      { clientSecretEnvelope: CLIENT_SECRET_FIELD, credentialsEnvelope: CREDENTIALS_FIELD },
      (c) => ({ workspaceId: c.workspaceId, connectionId: c.id }),
      vault,
      report,
    );
    await rotateTokenRows(em, vault, report);
    report.pendingFlows = await rotateRows(
      em,
      PendingFlow,
      'stateHash',
      { codeVerifierEnvelope: CODE_VERIFIER_FIELD },
      (f) => ({ workspaceId: f.workspaceId, connectionId: f.connectionId }),
      vault,
      report,
    );
    // Webhook signing secrets are bound to the webhook id in the connectionId slot.
    report.webhooks = await rotateRows(
      em,
      Webhook,
      'id',
      { secretEnvelope: 'webhook_secret' },
      (w) => ({ workspaceId: w.workspaceId, connectionId: w.id }),
      vault,
      report,
    );
  });
  return report;
}

/** How many stored values are not encrypted with `vault`'s active key (for reports). */
export async function countValuesNotUnderActiveKey(orm: Orm, vault: TokenVault): Promise<number> {
  const em = orm.em.fork();
  const envelopes: (string | null)[] = [];
  for (const c of await em.find(Connection, {}, { fields: ['clientSecretEnvelope', 'credentialsEnvelope'] })) {
    envelopes.push(c.clientSecretEnvelope, c.credentialsEnvelope);
  }
  for (const a of await em.find(Authorization, {}, { fields: ['accessTokenEnvelope', 'refreshTokenEnvelope', 'idTokenEnvelope'] })) {
    envelopes.push(a.accessTokenEnvelope, a.refreshTokenEnvelope, a.idTokenEnvelope);
  }
  for (const t of await em.find(ClientCredentialsToken, {}, { fields: ['accessTokenEnvelope'] })) {
    envelopes.push(t.accessTokenEnvelope);
  }
  for (const f of await em.find(PendingFlow, {}, { fields: ['codeVerifierEnvelope'] })) {
    envelopes.push(f.codeVerifierEnvelope);
  }
  for (const w of await em.find(Webhook, {}, { fields: ['secretEnvelope'] })) {
    envelopes.push(w.secretEnvelope);
  }
  return envelopes.filter((e) => e !== null && !vault.isEncryptedWithActiveKey(e)).length;
}
