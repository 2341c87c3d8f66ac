/**
 * The plain-row mappers list every column of their entity by hand: compared here with the
 * entity's MikroORM metadata, so a column added to the entity and not to its mapper (or a
 * misspelled column name) fails instead of reaching the refresher as a missing value.
 */
import { type EntityMetadata, type EntityName } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authorization, Connection } from './entities/index.js';
import { createOrm, type Orm } from './orm.js';
import { authorizationFromRow, connectionFromRow, type RawRow } from './plain-rows.js';

/** A non-null value of a column as the SQLite driver returns it. */
function sampleOf(type: string, column: string): unknown {
  const kind = type.toLowerCase();
  if (kind.includes('date') || kind.includes('time')) return 1_764_590_400_000;
  if (kind.includes('json') || kind.endsWith('[]')) return '["x"]';
  if (kind.includes('bool')) return 1;
  if (kind.includes('int') || kind.includes('number')) return 7;
  return `${column}-value`;
}

const mappers: [EntityName<object>, (row: RawRow) => object][] = [
  [Authorization, authorizationFromRow],
  [Connection, connectionFromRow],
];

describe('plain-row mappers against the entity metadata', () => {
  let orm: Orm;

  beforeAll(async () => {
    orm = await createOrm({ kind: 'sqlite', path: ':memory:' });
  });

  afterAll(async () => {
    await orm?.close(true);
  });

  /** The stored scalar properties of an entity: property name and column name. */
  const columnsOf = (meta: EntityMetadata) =>
    Object.values(meta.properties)
      .filter((prop) => prop.persist !== false && prop.fieldNames?.length === 1)
      .map((prop) => ({ property: prop.name, column: prop.fieldNames[0]!, type: prop.columnTypes?.[0] ?? String(prop.type) }));

  it.each(mappers.map(([entity, mapper]) => [String((entity as { name: string }).name), entity, mapper] as const))(
    '%s: maps exactly the entity’s columns, each read from its own column',
    (_name, entity, mapper) => {
      const columns = columnsOf(orm.getMetadata().get(entity));
      expect(columns.length).toBeGreaterThan(0);
      const row: RawRow = Object.fromEntries(columns.map(({ column, type }) => [column, sampleOf(type, column)]));
      const mapped = mapper(row) as Record<string, unknown>;
      expect(Object.keys(mapped).sort()).toEqual(columns.map(({ property }) => property).sort());
      // Every column is non-null in the row: a property mapped from a misspelled column comes out empty.
      for (const { property } of columns) expect([property, mapped[property]]).not.toEqual([property, null]);
    },
  );
});
