import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectionCodePattern, workspaceSlugPattern } from './index.js';

const contract = readFileSync(new URL('../contract.graphql', import.meta.url), 'utf8');

describe('identifier shapes', () => {
  it('are the ones the contract states', () => {
    expect(contract).toContain('upper-case, [A-Z0-9_-]{1,50}');
    expect(contract).toContain('lower-case, [a-z0-9-]{1,40}');
    expect(connectionCodePattern.source).toBe('^[A-Z0-9_-]{1,50}$');
    expect(workspaceSlugPattern.source).toBe('^[a-z0-9-]{1,40}$');
  });

  it('accept and reject as documented', () => {
    expect(connectionCodePattern.test('CRM_EU-1')).toBe(true);
    expect(connectionCodePattern.test('crm')).toBe(false);
    expect(connectionCodePattern.test('A'.repeat(51))).toBe(false);
    expect(workspaceSlugPattern.test('acme-sandbox')).toBe(true);
    expect(workspaceSlugPattern.test('Acme')).toBe(false);
    expect(workspaceSlugPattern.test('a'.repeat(41))).toBe(false);
  });
});
