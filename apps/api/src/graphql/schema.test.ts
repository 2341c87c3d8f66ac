import { readFileSync } from 'node:fs';
import { errorCatalogue } from '@grantkeeper/oauth-core';
import { errorCodes } from '@grantkeeper/schema';
import { describe, expect, it } from 'vitest';
import { renderSchemaSDL, schemaFilePath } from './emit-schema.js';

describe('the emitted schema', () => {
  it('matches the committed packages/schema/schema.graphql (run emit-schema when this fails)', async () => {
    expect(readFileSync(schemaFilePath, 'utf8')).toBe(await renderSchemaSDL());
  });
  // The committed SDL against contract.graphql (v1 and v2) is checked in packages/schema.
});

describe('error codes', () => {
  it('every public code of oauth-core is in the catalogue the console uses', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      expect(errorCodes, code).toHaveProperty(entry.publicCode);
    }
  });
});
