import { describe, expect, it } from 'vitest';
import { slugError, toWorkspaceInput, validateWorkspaceForm } from './workspace-form';

describe('slugError', () => {
  it('accepts lower-case letters, digits and hyphens, 1 to 40 long', () => {
    for (const slug of ['a', 'acme-sandbox', 'eu-2', '0', 'x'.repeat(40)]) expect(slugError(slug)).toBe('');
  });

  it('explains what is wrong with anything else', () => {
    expect(slugError('')).toContain('Enter a slug');
    expect(slugError('x'.repeat(41))).toContain('at most 40');
    for (const slug of ['Acme', 'acme sandbox', 'acme_sandbox', 'acmé', 'a.b']) {
      expect(slugError(slug)).toContain('lower-case letters (a-z), digits (0-9) and hyphens (-)');
    }
  });
});

describe('validateWorkspaceForm', () => {
  it('asks for every field and passes a complete form', () => {
    expect(Object.keys(validateWorkspaceForm({ slug: '', company: ' ', environment: '' })).sort()).toEqual([
      'company',
      'environment',
      'slug',
    ]);
    expect(validateWorkspaceForm({ slug: 'acme', company: 'Acme', environment: 'sandbox' })).toEqual({});
  });

  it('sends trimmed values', () => {
    expect(toWorkspaceInput({ slug: ' acme ', company: ' Acme ', environment: ' sandbox ' })).toEqual({
      slug: 'acme',
      company: 'Acme',
      environment: 'sandbox',
    });
  });
});
