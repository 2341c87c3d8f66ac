/**
 * BENCH REFERENCE ONLY, not product code: the barest refresher of a backlog (the floor the
 * refresher bench's drain is compared with, run by `bare-refresher.js`). Over the same database
 * driver layer as the refresher (`RawSql` on the ORM's pool): take due rows 128 at a time (a
 * lease column set in the same statement), POST each one's refresh grant with undici's `request`
 * (64 at a time), and write the rotated refresh tokens in group commits (a compare-and-swap on a
 * version, the lease cleared). No encryption, no provider configuration, no audit, no publish,
 * no retries. Two of the product's layers can be put back, to see what each costs beside it:
 * BARE_AUDIT=1 (an audit row per refresh) and BARE_VAULT=1 (the vault's AES-256-GCM work).
 * Prints `ready` once connected and `done <refreshed>` when nothing is due; exits on SIGTERM.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { TokenVault } from '@grantkeeper/oauth-core';
import { Agent } from 'undici';
import { loadConfig } from '../config.js';
import { createOrm } from '../persistence/orm.js';
import { createRawSql, type RawSql } from '../persistence/raw-sql.js';
import { rawRefreshGrant } from './raw-refresh-grant.js';

const BATCH = 128;
const CONCURRENCY = Number(process.env.BARE_CONCURRENCY ?? 64);
const tokenUrl = process.env.BARE_TOKEN_URL!;

interface Due {
  id: string;
  refresh_token: string;
  version: number;
}
interface Refreshed {
  row: Due;
  token: string;
  written: () => void;
}

const config = loadConfig(process.env);
const orm = await createOrm(config.database);
const sql: RawSql = createRawSql(orm, config.database.kind);
const postgres = sql.kind === 'postgres';
const time = (ms: number) => (postgres ? new Date(ms) : ms);
const agent = new Agent();
/** BARE_AUDIT=1: an audit row per refresh (the product's audit_events columns and indexes) in the group commit. */
const AUDIT = process.env.BARE_AUDIT === '1';
/**
 * BARE_VAULT=1: a refresh opens two sealed values (standing for the refresh token and the client
 * secret) and seals two (the new access and refresh tokens), as the vault does for a refresh.
 */
const vault = process.env.BARE_VAULT === '1' ? new TokenVault({ activeKey: { id: 'k1', key: randomBytes(32) } }) : null;
const aad = (field: string) => ({ workspaceId: 'w', connectionId: 'c', field });
const sealedSecret = vault?.encrypt('client-secret-'.padEnd(40, 'x'), aad('client_secret'));
const AUDIT_INSERT = postgres
  ? 'insert into bare_audit (id, workspace_id, connection_id, connection_code, type, outcome, actor, at, message, details) ' +
    'select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::timestamptz[], ?::varchar[], ?::jsonb[])'
  : 'insert into bare_audit (id, workspace_id, connection_id, connection_code, type, outcome, actor, at, message, details) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

const CLAIM =
  'update bare set lease_until = ? where id in (select id from bare where next_at <= ? and (lease_until is null or lease_until < ?) ' +
  `order by next_at limit ${BATCH}${postgres ? ' for update skip locked' : ''}) returning id, refresh_token, version`;
const WRITE_PG =
  'update bare as b set refresh_token = u.t, version = b.version + 1, next_at = ?, lease_until = null ' +
  'from unnest(?::varchar[], ?::text[], ?::int[]) as u(id, t, v) where b.id = u.id and b.version = u.v';
const WRITE_SQLITE =
  'update bare set refresh_token = ?, version = version + 1, next_at = ?, lease_until = null where id = ? and version = ?';

let pending: Refreshed[] = [];
let writing: Promise<void> | null = null;

async function writeAll(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  while (pending.length > 0) {
    const batch = pending;
    pending = [];
    const next = time(Date.now() + 3_600_000);
    const tokens = batch.map((r) => (vault ? vault.encrypt(r.token, aad('refresh_token')) : r.token));
    if (vault) for (const r of batch) vault.encrypt(`at-${r.token}`, aad('access_token'));
    if (AUDIT) {
      const at = time(Date.now());
      const rows = batch.map((r) => [
        randomUUID(),
        'w',
        r.row.id,
        r.row.id,
        'TOKEN_REFRESHED',
        'SUCCESS',
        null,
        at,
        'Token refreshed automatically.',
        '{"dueAt":null}',
      ]);
      await sql.transaction(async (tx) => {
        if (postgres) {
          await tx.run(WRITE_PG, [next, batch.map((r) => r.row.id), tokens, batch.map((r) => r.row.version)]);
          await tx.run(
            AUDIT_INSERT,
            rows[0]!.map((_, c) => rows.map((row) => row[c])),
          );
        } else {
          await tx.runMany(
            WRITE_SQLITE,
            batch.map((r, i) => [tokens[i], next, r.row.id, r.row.version]),
          );
          await tx.runMany(AUDIT_INSERT, rows);
        }
      });
    } else if (postgres) {
      await sql.run(WRITE_PG, [next, batch.map((r) => r.row.id), tokens, batch.map((r) => r.row.version)]);
    } else {
      await sql.runEach(
        WRITE_SQLITE,
        batch.map((r, i) => [tokens[i], next, r.row.id, r.row.version]),
      );
    }
    for (const r of batch) r.written();
  }
  writing = null;
}

let inFlight = 0;
let freed: (() => void) | null = null;
let refreshed = 0;

async function refreshOne(row: Due): Promise<void> {
  inFlight += 1;
  try {
    if (vault) for (let i = 0; i < 2; i += 1) vault.decrypt(sealedSecret!, aad('client_secret'));
    const token = await rawRefreshGrant(tokenUrl, agent, row.refresh_token);
    await new Promise<void>((written) => {
      pending.push({ row, token, written });
      writing ??= writeAll();
    });
    refreshed += 1;
  } finally {
    inFlight -= 1;
    const wake = freed;
    freed = null;
    wake?.();
  }
}

const slot = () => new Promise<void>((resolve) => (freed = resolve));

process.stdout.write('ready\n');
for (;;) {
  const now = Date.now();
  const due = await sql.all<Due>(CLAIM, [time(now + 60_000), time(now), time(now)]);
  for (const row of due) {
    while (inFlight >= CONCURRENCY) await slot();
    void refreshOne(row);
  }
  if (due.length < BATCH) break;
}
while (inFlight > 0) await slot();
process.stdout.write(`done ${refreshed}\n`);
// Connected until told to stop: the bench reads the database backends' CPU first.
process.once('SIGTERM', () => void Promise.all([agent.close(), orm.close(true)]).then(() => process.exit(0)));
