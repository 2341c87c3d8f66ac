/**
 * What `sendTestRequest` shows must never hold the credentials it sent, even when the upstream
 * echoes its request (as httpbin-style test endpoints do): every credential value, and the
 * secret parts of `Bearer` / `Basic` values, become "[redacted]" in the body and headers, in
 * every form credential-mask.ts searches for.
 */
import type { OutboundCredential } from '../services/index.js';
import { quotedForms, secretValues } from './credential-mask.js';

export const REDACTED = '[redacted]';

/** The secret strings of the credentials sent, longest first (so a longer one is not half-replaced). */
export function secretsOf(credentials: readonly OutboundCredential[]): string[] {
  const secrets = new Set<string>();
  for (const credential of credentials) {
    for (const value of secretValues(credential)) for (const form of quotedForms(value)) if (form) secrets.add(form);
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  return out;
}
