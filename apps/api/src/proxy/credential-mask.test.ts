import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutboundCredential } from '../services/index.js';
import { maskOf, MIN_MASKED_BYTES, type CredentialMask } from './credential-mask.js';

const TOKEN = 'tok/en+with=chars-0123456789';
const bearer: OutboundCredential = { headers: { authorization: `Bearer ${TOKEN}` }, query: null, retryOn401: true };

/** The body as the caller gets it when the upstream sends it in `chunks`. */
function streamed(mask: CredentialMask, chunks: readonly Buffer[]): Buffer {
  const body = mask.body();
  return Buffer.concat([...chunks.map((chunk) => body.push(chunk)), body.end()]);
}

function splitAt(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.subarray(from, cut));
    from = cut;
  }
  return chunks;
}

describe('masking the credentials a proxied request sent', () => {
  it('masks the secret as sent and as an upstream may quote it, keeping the length', () => {
    const mask = maskOf(bearer)!;
    const forms = [TOKEN, encodeURIComponent(TOKEN), new URLSearchParams({ t: TOKEN }).toString().slice(2), TOKEN.replaceAll('/', '\\/')];
    const text = `{"auth":"Bearer ${TOKEN}","next":"/x?t=${forms[1]}","form":"${forms[2]}","php":"${forms[3]}"}`;
    const out = mask.bytes(Buffer.from(text)).toString();
    expect(out).toHaveLength(text.length);
    for (const form of forms) expect(out).not.toContain(form);
    expect(out).toContain(`"auth":"Bearer ${'*'.repeat(TOKEN.length)}"`);
    expect(mask.header(`<https://api/x?t=${forms[1]}>; rel="next"`)).toBe(`<https://api/x?t=${'*'.repeat(forms[1]!.length)}>; rel="next"`);
  });

  it('finds the secret parts of Basic, header and query credentials, not the username', () => {
    const basic = Buffer.from('service:long-password').toString('base64');
    const masks = [
      maskOf({ headers: { authorization: `Basic ${basic}` }, query: null, retryOn401: false })!,
      maskOf({ headers: { 'x-api-key': 'header-key-1' }, query: null, retryOn401: false })!,
      maskOf({ headers: {}, query: { name: 'api_key', value: 'query-key-1' }, retryOn401: false })!,
    ];
    const text: Buffer = Buffer.from(`${basic} service long-password header-key-1 query-key-1`);
    const out = masks.reduce<Buffer>((bytes, mask) => mask.bytes(bytes), text).toString();
    expect(out).toBe(`${'*'.repeat(basic.length)} service ${'*'.repeat(13)} ${'*'.repeat(12)} ${'*'.repeat(11)}`);
  });

  it('asks the upstream for an unencoded answer only when there is something to mask', () => {
    expect(maskOf(bearer)!.sentHeaders).toEqual({ authorization: `Bearer ${TOKEN}`, 'accept-encoding': 'identity' });
    expect(maskOf({ headers: {}, query: null, retryOn401: false })).toBeNull();
    // Too short to tell from ordinary text: not masked, so nothing else of the answer changes.
    expect(maskOf({ headers: { 'x-api-key': 'a'.repeat(MIN_MASKED_BYTES - 1) }, query: null, retryOn401: false })).toBeNull();
    expect(maskOf(bearer)).toBe(maskOf(bearer));
  });

  it('masks a secret split across chunks at every position, and holds back nothing else', () => {
    const mask = maskOf(bearer)!;
    const text = Buffer.from(`before ${TOKEN} middle ${TOKEN}`);
    const whole = mask.bytes(text);
    expect(whole.toString()).toBe(`before ${'*'.repeat(TOKEN.length)} middle ${'*'.repeat(TOKEN.length)}`);
    for (let cut = 1; cut < text.length; cut += 1) {
      for (const second of [cut + 1, cut + 5, text.length - 1]) {
        const cuts = second > cut && second < text.length ? [cut, second] : [cut];
        expect(streamed(mask, splitAt(text, cuts)).toString()).toBe(whole.toString());
      }
    }
    const body = mask.body();
    expect(body.push(Buffer.from('nothing like it here')).toString()).toBe('nothing like it here');
    expect(body.push(Buffer.from('ends with tok')).toString()).toBe('ends with '); // may be the token's start
    expect(body.push(Buffer.from('yo')).toString()).toBe('tokyo');
    expect(body.end()).toHaveLength(0);
    const cut = mask.body();
    expect(cut.push(Buffer.from('a body that ends in tok/e')).toString()).toBe('a body that ends in ');
    expect(cut.end().toString()).toBe('tok/e'); // the body ended: it was not the token
  });

  it('gives the same bytes streamed in random chunks as masked whole, on random bodies', () => {
    const mask = maskOf(bearer)!;
    for (let round = 0; round < 200; round += 1) {
      const parts: Buffer[] = [];
      for (let i = 0; i < 8; i += 1) {
        parts.push(randomBytes(Math.floor(Math.random() * 40)));
        if (Math.random() < 0.5) parts.push(Buffer.from(Math.random() < 0.5 ? TOKEN : encodeURIComponent(TOKEN)));
        if (Math.random() < 0.3) parts.push(Buffer.from(TOKEN.slice(0, 1 + Math.floor(Math.random() * (TOKEN.length - 1)))));
      }
      const text = Buffer.concat(parts);
      const cuts = [...new Set(Array.from({ length: 6 }, () => Math.floor(Math.random() * text.length)))].sort((a, b) => a - b);
      const out = streamed(mask, splitAt(text, cuts));
      expect(out.equals(mask.bytes(text))).toBe(true);
      expect(out.indexOf(TOKEN)).toBe(-1);
      expect(out.indexOf(encodeURIComponent(TOKEN))).toBe(-1);
    }
  });
});
