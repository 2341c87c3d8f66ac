/**
 * Backoff for transient refresh failures (network errors, 5xx, 429).
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3 (Retry-After)
 * @see https://www.rfc-editor.org/rfc/rfc6585#section-4 (429 Too Many Requests)
 */

export const DEFAULT_RETRY_BASE_MS = 1_000;
export const DEFAULT_RETRY_MAX_MS = 5 * 60 * 1_000;

export interface RetryDelayOptions {
  /** From the provider's `Retry-After`: the delay is never shorter than this. */
  retryAfterMs?: number | undefined;
  /** Ceiling of the first attempt's delay (default 1 s); doubles with every attempt. */
  baseMs?: number | undefined;
  /** Largest ceiling (default 5 min). Does not cut `retryAfterMs`. */
  maxMs?: number | undefined;
  /** Uniform in [0, 1); defaults to `Math.random`. */
  random?: (() => number) | undefined;
}

/**
 * Delay before retry number `attempt` (1 = the first retry): exponential backoff with full
 * jitter, `random() × min(maxMs, baseMs × 2^(attempt − 1))`, and never shorter than the
 * provider's `Retry-After`.
 *
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/ (full jitter)
 */
export function computeRetryDelayMs(attempt: number, opts: RetryDelayOptions = {}): number {
  const baseMs = opts.baseMs ?? DEFAULT_RETRY_BASE_MS;
  const maxMs = opts.maxMs ?? DEFAULT_RETRY_MAX_MS;
  if (!(baseMs > 0) || !(maxMs >= baseMs) || !Number.isFinite(maxMs)) {
    throw new RangeError('Retry options need 0 < baseMs <= maxMs < Infinity.');
  }
  const exponent = Math.max(Number.isFinite(attempt) ? Math.floor(attempt) : 1, 1) - 1;
  // 2^exponent overflows to Infinity for huge attempts; min() then keeps the ceiling at maxMs.
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
  const r = (opts.random ?? Math.random)();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 1;
  const jittered = Math.round(unit * ceiling);
  const retryAfter = opts.retryAfterMs;
  return retryAfter !== undefined && Number.isFinite(retryAfter) && retryAfter > jittered ? Math.ceil(retryAfter) : jittered;
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
/** IMF-fixdate, the preferred form: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const IMF_FIXDATE = new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$`);
/** Obsolete RFC 850 form: `Sunday, 06-Nov-94 08:49:37 GMT` (recipients must accept it). */
const RFC850_DATE = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-(${MONTH})-(\\d{2}) (\\d{2}:\\d{2}:\\d{2}) GMT$`,
);
/** Obsolete asctime form: `Sun Nov  6 08:49:37 1994`. */
const ASCTIME_DATE = new RegExp(`^${DAY} (${MONTH}) ([ \\d]\\d) (\\d{2}:\\d{2}:\\d{2}) (\\d{4})$`);

function parseHttpDate(value: string, now: Date): number | undefined {
  let text: string | undefined;
  if (IMF_FIXDATE.test(value)) {
    text = value;
  } else {
    const rfc850 = RFC850_DATE.exec(value);
    const asctime = ASCTIME_DATE.exec(value);
    if (rfc850) {
      const [, day, month, yy, time] = rfc850 as unknown as [string, string, string, string, string];
      // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
      let year = 2000 + Number(yy);
      if (year > now.getUTCFullYear() + 50) year -= 100;
      text = `${day} ${month} ${year} ${time} GMT`;
    } else if (asctime) {
      const [, month, day, time, year] = asctime as unknown as [string, string, string, string, string];
      text = `${day.trim().padStart(2, '0')} ${month} ${year} ${time} GMT`;
    }
  }
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Parse a `Retry-After` header value into milliseconds from `now`: either `delay-seconds`
 * (a non-negative integer) or an HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime
 * forms). A date in the past gives 0. Undefined when the header is absent or invalid.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.6.7 (HTTP-date)
 */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) {
    const ms = Number(text) * 1000;
    return Number.isSafeInteger(ms) ? ms : undefined;
  }
  const at = parseHttpDate(text, now);
  return at === undefined ? undefined : Math.max(at - now.getTime(), 0);
}
