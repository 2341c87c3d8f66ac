/**
 * How one environment variable's text becomes a value: zod schemas for the kinds of variable
 * config.ts reads (text, whole numbers, booleans, URLs, master keys, log levels, proxy trust).
 * Unset and empty are the same thing: "use the default". No message quotes the value.
 */
import { z } from 'zod';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

const BASE64_32_BYTES = /^(?:[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43}=?)$/;
const masterKeyMessage = 'must be exactly 32 random bytes written as base64 (e.g. `openssl rand -base64 32`)';

/** Unset and empty variables are the same thing: "use the default". */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export function integer(min: number, max: number, fallback: number, message?: string) {
  return optionalText.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: message ?? `must be a whole number from ${min} to ${max}`,
      });
      return z.NEVER;
    }
    return n;
  });
}

/** `true` or `false` in any case; unset: `fallback`. */
export function boolean(fallback: boolean) {
  return optionalText.transform((v, ctx) => {
    const text = (v ?? String(fallback)).toLowerCase();
    if (text !== 'true' && text !== 'false') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be true or false' });
      return z.NEVER;
    }
    return text === 'true';
  });
}

export function httpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

function isMasterKey(v: string): boolean {
  if (!BASE64_32_BYTES.test(v)) return false;
  const bytes = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === 32 && bytes.some((b) => b !== 0);
}

export const masterKey = optionalText.refine((v) => v === undefined || isMasterKey(v), { message: masterKeyMessage });

/** Older master keys, comma- or space-separated. */
export const masterKeyList = optionalText.transform((v, ctx) => {
  const keys = (v ?? '').split(/[\s,]+/).filter((k) => k !== '');
  if (keys.some((k) => !isMasterKey(k))) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `must be a comma-separated list of master keys, each ${masterKeyMessage}`,
    });
    return z.NEVER;
  }
  return keys;
});

export const logLevel = optionalText.transform((v, ctx) => {
  const level = (v ?? 'info').toLowerCase();
  if (!(logLevels as readonly string[]).includes(level)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be one of ${logLevels.join(', ')}` });
    return z.NEVER;
  }
  return level as LogLevel;
});

/** false (default), true (any), a hop count, or a comma-separated list of addresses/CIDRs. */
export const trustProxy = optionalText.transform((v, ctx): boolean | number | string[] => {
  if (v === undefined || v.toLowerCase() === 'false') return false;
  if (v.toLowerCase() === 'true') return true;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const list = v
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (list.length === 0 || list.some((a) => !/^[0-9A-Fa-f.:]+(\/\d{1,3})?$/.test(a))) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'must be true, false, a number of proxy hops, or a comma-separated list of addresses/CIDRs',
    });
    return z.NEVER;
  }
  return list;
});
