import { randomFillSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Ids formatted per refill of the pool. */
const POOLED_IDS = 256;
const UUID_LENGTH = 36;
const HEX = Buffer.from('0123456789abcdef', 'latin1');
/** Random bytes for the next POOLED_IDS ids, 16 each. */
const entropy = Buffer.alloc(POOLED_IDS * 16);
/** Those ids as UUID text, one after the other (ASCII). */
const formatted = Buffer.alloc(POOLED_IDS * UUID_LENGTH);
let next = POOLED_IDS;

/** Draws fresh random bytes and writes them out as POOLED_IDS version-4 UUIDs (as randomUUID makes them). */
function refill(): void {
  randomFillSync(entropy);
  let out = 0;
  for (let id = 0; id < POOLED_IDS; id += 1) {
    for (let i = 0; i < 16; i += 1) {
      let byte = entropy[id * 16 + i] as number;
      if (i === 6)
        byte = (byte & 0x0f) | 0x40; // version 4
      else if (i === 8) byte = (byte & 0x3f) | 0x80; // RFC 9562 variant
      if (i === 4 || i === 6 || i === 8 || i === 10) formatted[out++] = 0x2d; // '-'
      formatted[out++] = HEX[byte >> 4] as number;
      formatted[out++] = HEX[byte & 0x0f] as number;
    }
  }
  next = 0;
}

/**
 * A random version-4 UUID, like `crypto.randomUUID()` (122 random bits, the same text), but
 * read as one flat string from a pool formatted 256 at a time: randomUUID builds each id from
 * a dozen concatenated pieces (about 0.6 KB of short-lived strings per request on /proxy).
 */
export function randomRequestId(): string {
  if (next === POOLED_IDS) refill();
  const start = next * UUID_LENGTH;
  next += 1;
  return formatted.toString('latin1', start, start + UUID_LENGTH);
}

/** The caller's request id when it is short and harmless, else a random UUID. */
export function safeRequestId(given: unknown): string {
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomRequestId();
}

/**
 * A request id: the caller's `X-Request-Id` when it is short and harmless (so a proxy's id
 * flows through the logs), else a random UUID.
 */
export function requestId(req: IncomingMessage): string {
  return safeRequestId(req.headers['x-request-id']);
}
