import { readFileSync } from 'node:fs';
import { errorCatalogue } from '@grantkeeper/oauth-core';
import { errorCodes } from '@grantkeeper/schema';
import { buildSchema, findBreakingChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { renderSchemaSDL, schemaFilePath } from './emit-schema.js';

describe('the emitted schema', () => {
  it('matches the committed packages/schema/schema.graphql (run emit-schema when this fails)', async () => {
    expect(readFileSync(schemaFilePath, 'utf8')).toBe(await renderSchemaSDL());
  });

  it('breaks nothing of contract.graphql', async () => {
    const contract = buildSchema(readFileSync(new URL('contract.graphql', `file://${schemaFilePath}`), 'utf8'));
    expect(findBreakingChanges(contract, buildSchema(await renderSchemaSDL()))).toEqual([]);
  });
});

describe('error codes', () => {
  it('every public code of oauth-core is in the catalogue the console uses', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(errorCodes, code).toHaveProperty(entry.publicCode);
    }
  });
});
