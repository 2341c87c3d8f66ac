/**
 * Multi-row INSERTs in raw SQL (`raw-sql.ts`) whose statement text does not depend on the number
 * of rows, so each is prepared once: on PostgreSQL one INSERT over `unnest` arrays (one array
 * per column), on SQLite one prepared single-row INSERT run per row in the caller's transaction
 * (in-process, so the one commit is what counts). Values are bound as raw SQL binds them
 * (`plain-rows.ts`: epoch milliseconds for SQLite dates); JSON columns take JSON text.
 */
import type { RawTransaction } from './raw-sql.js';

/** A table and its inserted columns, each with its PostgreSQL array element type. */
export interface InsertSpec {
  table: string;
  columns: readonly (readonly [column: string, postgresType: string])[];
}

const statements = new WeakMap<InsertSpec, { sqlite: string; postgres: string }>();

function statementsOf(spec: InsertSpec): { sqlite: string; postgres: string } {
  let found = statements.get(spec);
  if (found === undefined) {
    const names = spec.columns.map(([column]) => column).join(', ');
    const arrays = spec.columns.map(([, type]) => `?::${type}[]`).join(', ');
    found = {
      sqlite: `insert into ${spec.table} (${names}) values (${spec.columns.map(() => '?').join(', ')})`,
      postgres: `insert into ${spec.table} (${names}) select * from unnest(${arrays})`,
    };
    statements.set(spec, found);
  }
  return found;
}

/** The values of `rows` (one array per row, in `columns` order) as one array per column. */
export function byColumn(rows: readonly (readonly unknown[])[]): unknown[][] {
  const first = rows[0];
  if (first === undefined) return [];
  return first.map((_, c) => rows.map((row) => row[c]));
}

/** Inserts `rows` (one value per column of `spec`, in its order) within `tx`. */
export async function insertRows(tx: RawTransaction, spec: InsertSpec, rows: readonly (readonly unknown[])[]): Promise<void> {
  if (rows.length === 0) return;
  const sql = statementsOf(spec);
  if (tx.kind === 'sqlite') await tx.runMany(sql.sqlite, rows);
  else await tx.run(sql.postgres, byColumn(rows));
}
