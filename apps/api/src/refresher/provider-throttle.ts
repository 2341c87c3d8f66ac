/**
 * Backpressure per provider (token endpoint): when one answers 429, the refresher of this
 * instance stops calling it until its `Retry-After` has passed (or, without one, for a pause
 * that doubles with every busy answer in a row, from 1 s up to 60 s). Other providers are not
 * affected. A successful refresh resets the doubling. Slowness needs nothing here: the
 * refresher's bounded concurrency already lowers the rate as answers take longer.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */

/** Without a Retry-After: the first pause, doubling per busy answer in a row up to the maximum. */
export const PROVIDER_PAUSE_BASE_MS = 1_000;
export const PROVIDER_PAUSE_MAX_MS = 60_000;

interface ProviderState {
  until: number;
  strikes: number;
}

export class ProviderThrottle {
  readonly #providers = new Map<string, ProviderState>();

  /** Until when (ms since the epoch) `provider` is paused at `now`; null when it may be called. */
  pausedUntil(provider: string, now: number): number | null {
    const state = this.#providers.get(provider);
    return state !== undefined && state.until > now ? state.until : null;
  }

  /** The provider said it is busy: pause it for `retryAfterMs`, or for the doubling pause. */
  busy(provider: string, now: number, retryAfterMs: number | null): number {
    const state = this.#providers.get(provider) ?? { until: 0, strikes: 0 };
    state.strikes += 1;
    const pause = retryAfterMs ?? Math.min(PROVIDER_PAUSE_BASE_MS * 2 ** (state.strikes - 1), PROVIDER_PAUSE_MAX_MS);
    state.until = Math.max(state.until, now + pause);
    this.#providers.set(provider, state);
    return state.until;
  }

  /** The provider answered normally: forget its busy streak once its pause is over. */
  ok(provider: string, now: number): void {
    const state = this.#providers.get(provider);
    if (state !== undefined && state.until <= now) this.#providers.delete(provider);
  }
}
