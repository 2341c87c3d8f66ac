import type { TestIdpCounters } from './types.js';

/** Mutable counters owned by one IdP instance. */
export class Counters {
  #state: TestIdpCounters = Counters.empty();

  static empty(): TestIdpCounters {
    return {
      tokenRequests: {},
      tokenSuccesses: {},
      errors: {},
      refreshTokenReuse: 0,
      revocations: 0,
      introspections: 0,
      grantsRevoked: 0,
    };
  }

  tokenRequest(grantType: string): void {
    bump(this.#state.tokenRequests, grantType);
  }

  tokenSuccess(grantType: string): void {
    bump(this.#state.tokenSuccesses, grantType);
  }

  error(code: string): void {
    bump(this.#state.errors, code);
  }

  refreshTokenReuse(): void {
    this.#state.refreshTokenReuse += 1;
  }

  revocation(): void {
    this.#state.revocations += 1;
  }

  introspection(): void {
    this.#state.introspections += 1;
  }

  grantRevoked(): void {
    this.#state.grantsRevoked += 1;
  }

  /** A deep copy: later events do not change a snapshot a test holds. */
  snapshot(): TestIdpCounters {
    return structuredClone(this.#state);
  }

  reset(): void {
    this.#state = Counters.empty();
  }
}

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}
