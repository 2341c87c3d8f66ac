import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSchema, findBreakingChanges, findDangerousChanges } from 'graphql';
import { describe, expect, it } from 'vitest';
import { errorCodes } from './index.js';

const read = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../${name}`, import.meta.url)), 'utf8');

describe('the emitted schema against the binding contract', () => {
  const contract = buildSchema(read('contract.graphql'));
  const emitted = buildSchema(read('schema.graphql'));

  it('breaks nothing of contract.graphql (findBreakingChanges finds nothing)', () => {
    expect(findBreakingChanges(contract, emitted)).toEqual([]);
  });

  it('changes no default value of the contract', () => {
    const defaults = findDangerousChanges(contract, emitted).filter(
      (change) => change.type === 'ARG_DEFAULT_VALUE_CHANGE',
    );
    expect(defaults).toEqual([]);
  });

  it('keeps every contract type with the same kind', () => {
    for (const [name, type] of Object.entries(contract.getTypeMap())) {
      if (name.startsWith('__')) continue;
      expect(emitted.getType(name)?.constructor.name, name).toBe(type.constructor.name);
    }
  });
});

describe('errorCodes', () => {
  it('lists every code the contract names, each with a description and a hint', () => {
    const contractText = read('contract.graphql');
    for (const code of [
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'BAD_USER_INPUT',
      'NOT_AUTHORIZED',
      'REAUTHORIZATION_REQUIRED',
      'PROVIDER_ERROR',
      'CONFLICT',
    ]) {
      expect(contractText).toContain(code);
      expect(errorCodes).toHaveProperty(code);
    }
    for (const entry of Object.values(errorCodes)) {
      expect(entry.description.length).toBeGreaterThan(10);
      expect(entry.hint.length).toBeGreaterThan(10);
    }
  });
});
