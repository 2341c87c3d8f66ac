/**
 * What the composition root opened, closed in reverse order: on `close()`, and when start-up
 * fails half way (so a failed start leaves no Redis connection, socket or database handle).
 */
export class OpenedResources {
  readonly #closers: (() => unknown)[] = [];
  #closing: Promise<void> | null = null;

  /** Registers how to close something just opened. */
  add(close: () => unknown): void {
    this.#closers.push(close);
  }

  /**
   * Closes everything, last opened first. Every step runs even if one fails; the first failure
   * is rethrown at the end. Idempotent: later calls wait for the first.
   */
  closeAll(): Promise<void> {
    this.#closing ??= (async () => {
      let failure: unknown;
      for (const close of this.#closers.splice(0).reverse()) {
        try {
          await close();
        } catch (err) {
          failure ??= err;
        }
      }
      if (failure !== undefined) throw failure;
    })();
    return this.#closing;
  }
}

/** Runs `open`; when it throws, closes what was opened so far and rethrows. */
export async function openOrClose<T>(resources: OpenedResources, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (err) {
    await resources.closeAll().catch(() => undefined);
    throw err;
  }
}
