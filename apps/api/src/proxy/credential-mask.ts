/**
 * The credentials Grantkeeper added to a proxied request never reach the caller, even when the
 * upstream echoes its request (an echo endpoint, an error that quotes the request, a pagination
 * link or a redirect that repeats an `api_key` parameter): wherever they appear in the answer's
 * headers or body, their bytes are masked with as many `*`. The mask keeps the body's length, so
 * `content-length` stays true and nothing else in the answer changes.
 *
 * The body is checked as it streams: each chunk is searched, and only a tail that could begin a
 * credential is held back until the next chunk (or the end) shows whether it does. A credential
 * is searched as sent and as an upstream may quote it (percent-encoded, form-encoded,
 * JSON-escaped). An encoded body (gzip, deflate, br) is decoded first; the upstream is asked for
 * none (`accept-encoding: identity`) so this is rare.
 */
import type { OutboundCredential } from '../services/index.js';

/** Shorter secrets are not masked: they would too often match ordinary text of the answer. */
export const MIN_MASKED_BYTES = 8;

const STAR = 0x2a;
const EMPTY = Buffer.alloc(0);

/** The secret strings of the credentials sent, as sent (before any quoting). */
export function secretValues(credential: OutboundCredential): string[] {
  const secrets: string[] = [];
  for (const value of Object.values(credential.headers)) {
    // `Bearer x` / `Basic x`: the scheme may show (it says what was sent), the rest not.
    const scheme = /^(bearer|basic) (.+)$/is.exec(value);
    if (!scheme) {
      secrets.push(value);
      continue;
    }
    secrets.push(scheme[2]!);
    if (scheme[1]!.toLowerCase() === 'basic') {
      const decoded = Buffer.from(scheme[2]!, 'base64').toString('utf8');
      secrets.push(decoded.slice(decoded.indexOf(':') + 1));
    }
  }
  if (credential.query) secrets.push(credential.query.value);
  return secrets;
}

/** `value` and the forms an upstream may quote it in. */
export function quotedForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  return [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2), json, json.replaceAll('/', '\\/')];
}

/** What one credential looks like in an answer, built once per credential. */
export class CredentialMask {
  /** The byte strings masked, longest first (a longer form is masked whole before a shorter one inside it). */
  readonly needles: readonly Buffer[];
  /** The same, read as latin1 (how header values are handled): one character per byte. */
  readonly #latin1: readonly string[];
  /** The credential's headers plus `accept-encoding: identity`, so that the body can be searched as it comes. */
  readonly sentHeaders: Readonly<Record<string, string>>;

  constructor(secrets: readonly string[], credentialHeaders: Readonly<Record<string, string>>) {
    const forms = new Set<string>();
    for (const secret of secrets) for (const form of quotedForms(secret)) forms.add(form);
    this.needles = [...forms]
      .map((form) => Buffer.from(form, 'utf8'))
      .filter((bytes) => bytes.length >= MIN_MASKED_BYTES)
      .sort((a, b) => b.length - a.length);
    this.#latin1 = this.needles.map((needle) => needle.toString('latin1'));
    this.sentHeaders = { ...credentialHeaders, 'accept-encoding': 'identity' };
  }

  /** A header value (latin1, byte per character) with every credential masked. */
  header(value: string): string {
    let out = value;
    for (const needle of this.#latin1) if (out.includes(needle)) out = out.split(needle).join('*'.repeat(needle.length));
    return out;
  }

  /** `bytes`, or a masked copy of them when they hold a credential. */
  bytes(bytes: Buffer): Buffer {
    let out = bytes;
    for (const needle of this.needles) {
      for (let at = out.indexOf(needle); at !== -1; at = out.indexOf(needle, at + needle.length)) {
        if (out === bytes) out = Buffer.from(bytes);
        out.fill(STAR, at, at + needle.length);
      }
    }
    return out;
  }

  /** A masker for one answer's body. */
  body(): BodyMask {
    return new BodyMask(this);
  }

  /**
   * Where the tail of `bytes` that could begin a credential starts (`bytes.length` when no tail
   * could): those bytes wait for the next chunk.
   */
  heldFrom(bytes: Buffer): number {
    const end = bytes.length;
    let held = end;
    for (const needle of this.needles) {
      const first = needle[0]!;
      for (let at = bytes.indexOf(first, Math.max(0, end - needle.length + 1)); at !== -1 && at < held; at = bytes.indexOf(first, at + 1)) {
        if (bytes.compare(needle, 0, end - at, at, end) === 0) {
          held = at;
          break;
        }
      }
    }
    return held;
  }
}

/** One answer's body, chunk by chunk: what may go now, masked, and a held tail until the next chunk. */
export class BodyMask {
  #held: Buffer | null = null;

  constructor(private readonly mask: CredentialMask) {}

  /** The bytes that can go to the caller now (maybe none). */
  push(chunk: Buffer): Buffer {
    const joined = this.#held ? Buffer.concat([this.#held, chunk]) : chunk;
    const masked = this.mask.bytes(joined);
    const held = this.mask.heldFrom(masked);
    // A copy, so that the held bytes do not keep a large chunk alive.
    this.#held = held < masked.length ? Buffer.from(masked.subarray(held)) : null;
    return held === masked.length ? masked : masked.subarray(0, held);
  }

  /** The held tail at the body's end: not a credential, since the body ended before it could become one. */
  end(): Buffer {
    const held = this.#held ?? EMPTY;
    this.#held = null;
    return held;
  }
}

const masks = new WeakMap<OutboundCredential, CredentialMask | null>();

/** The mask of `credential` (built once per credential object), or null when it sends no secret long enough to mask. */
export function maskOf(credential: OutboundCredential): CredentialMask | null {
  let mask = masks.get(credential);
  if (mask === undefined) {
    const built = new CredentialMask(secretValues(credential), credential.headers);
    mask = built.needles.length === 0 ? null : built;
    masks.set(credential, mask);
  }
  return mask;
}
