/**
 * A push-to-pull adapter: events pushed by a callback are pulled through an async iterator.
 * Bounded: when a slow consumer lets `maxBuffered` events pile up, the oldest are dropped
 * (a subscriber only needs the latest state of an authorization).
 */
export function createAsyncQueue<T>(register: (push: (value: T) => void) => () => void, maxBuffered = 1000): AsyncIterableIterator<T> {
  const buffer: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let done = false;

  const unregister = register((value) => {
    if (done) return;
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve({ value, done: false });
      return;
    }
    buffer.push(value);
    if (buffer.length > maxBuffered) buffer.shift();
  });

  const finish = (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      unregister();
      buffer.length = 0;
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value: undefined, done: true });
      }
    }
    return Promise.resolve({ value: undefined, done: true });
  };

  return {
    next(): Promise<IteratorResult<T>> {
      if (buffer.length > 0) return Promise.resolve({ value: buffer.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: finish,
    throw(error?: unknown): Promise<IteratorResult<T>> {
      void finish();
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
