/**
 * The Standard Webhooks signature: `v1,` + base64 HMAC-SHA256 over
 * `"{webhook-id}.{webhook-timestamp}.{body}"`, keyed with the base64-decoded part of the
 * `whsec_…` secret.
 *
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
import { createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: "whsec_" + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The HMAC key of a `whsec_…` secret: decode it once per webhook, not once per attempt. */
export function webhookSigningKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64'));
}

/** The `webhook-signature` header value for one delivery attempt (`key`: a secret or its {@link webhookSigningKey}). */
export function signWebhook(key: string | KeyObject, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', typeof key === 'string' ? webhookSigningKey(key) : key)
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}
