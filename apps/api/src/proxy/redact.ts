/**
 * What `sendTestRequest` shows must never hold the credentials it sent, even when the upstream
 * echoes its request (as httpbin-style test endpoints do): every credential value, and the
 * secret parts of `Bearer` / `Basic` values, become "[redacted]" in the body and headers.
 */
import type { OutboundCredential } from '../services/index.js';

export const REDACTED = '[redacted]';

/** The secret strings of the credentials sent, longest first (so a longer one is not half-replaced). */
export function secretsOf(credentials: readonly OutboundCredential[]): string[] {
  const secrets = new Set<string>();
  const add = (value: string | undefined): void => {
    if (!value) return;
    secrets.add(value);
    secrets.add(encodeURIComponent(value));
  };
  for (const credential of credentials) {
    for (const value of Object.values(credential.headers)) {
      // `Bearer x` / `Basic x`: the scheme may show (it says what was sent), the rest not.
      const scheme = /^(bearer|basic) (.+)$/is.exec(value);
      if (!scheme) {
        add(value);
        continue;
      }
      add(scheme[2]);
      if (scheme[1]!.toLowerCase() === 'basic') {
        const decoded = Buffer.from(scheme[2]!, 'base64').toString('utf8');
        add(decoded.slice(decoded.indexOf(':') + 1));
      }
    }
    add(credential.query?.value);
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  return out;
}
