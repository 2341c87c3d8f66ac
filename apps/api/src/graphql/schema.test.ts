import { readFileSync } from 'node:fs';
import { errorCatalogue } from '@grantkeeper/oauth-core';
import { errorCodes } from '@grantkeeper/schema';
import type { GraphQLObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { renderSchemaSDL, schemaFilePath } from './emit-schema.js';
import { buildGraphQLSchema } from './schema.js';

describe('the emitted schema', () => {
  it('matches the committed packages/schema/schema.graphql (run emit-schema when this fails)', async () => {
    expect(readFileSync(schemaFilePath, 'utf8')).toBe(await renderSchemaSDL());
  });
  // The committed SDL against contract.graphql (v1 and v2) is checked in packages/schema.
});

describe('the executable schema', () => {
  it('resolves plain object fields with the default resolver, field resolvers with theirs', async () => {
    const schema = await buildGraphQLSchema();
    const fields = (type: string) => (schema.getType(type) as GraphQLObjectType).getFields();
    expect(fields('Authorization')['status']?.resolve).toBeUndefined();
    expect(fields('Connection')['code']?.resolve).toBeUndefined();
    expect(fields('Connection')['authorization']?.resolve).toBeTypeOf('function');
    expect(fields('Query')['authorization']?.resolve).toBeTypeOf('function');
  });
});

describe('error codes', () => {
  it('every public code of oauth-core is in the catalogue the console uses', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(errorCodes, code).toHaveProperty(entry.publicCode);
    }
  });
});
