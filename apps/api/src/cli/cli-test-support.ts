/**
 * What the CLI's tests share: its output captured line by line, and a fresh database and empty
 * DATA_DIR for each test with the CLI's environment pointing at them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '../testing/databases.js';
import type { CliIo } from './io.js';

export function capture(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

/** The current test's database, data directory and CLI environment (set before each test). */
export interface CliFixture {
  db: TestDatabase;
  dataDir: string;
  env: Record<string, string>;
}

/** Registers the hooks that give each test of the enclosing `describe` a fresh {@link CliFixture}. */
export function freshCliFixture(kind: TestDatabaseKind): CliFixture {
  const fixture = {} as CliFixture;
  beforeEach(async () => {
    fixture.db = await createTestDatabase(kind);
    fixture.dataDir = await mkdtemp(join(tmpdir(), 'gk-cli-'));
    fixture.env = { DATA_DIR: fixture.dataDir, DATABASE_URL: fixture.db.url };
  });
  afterEach(async () => {
    await fixture.db.drop();
    await rm(fixture.dataDir, { recursive: true, force: true });
  });
  return fixture;
}
