/**
 * The upstream's answer written straight into the caller's response: an undici dispatch handler
 * whose status and headers become `writeHead` and whose body chunks become `write`s, with the
 * upstream paused while the caller's socket is full (no Readable or pipeline in between, so
 * a 100 MB download streams through in constant memory). An answer to be retried (a 401 that
 * costs one refresh) is read and dropped instead, never shown. When the caller goes away, the
 * upstream exchange is aborted.
 */
import type { ServerResponse } from 'node:http';
import { errors as undiciErrors, type Dispatcher } from 'undici';
import type { Attempt } from './forward.js';
import { returnedRawHeaders } from './hop-headers.js';

/** A dropped answer longer than this is cut off (the connection closed) rather than read to its end. */
const DROPPED_BODY_BYTES = 128 * 1024;

export interface ReplyOptions {
  /** `x-request-id` on the answer. */
  requestId: string;
  /** A 401 will be retried: drop it instead of passing it on. */
  retryable: boolean;
  /** Told of a failure after the answer began (the caller's connection is closed then). */
  onLateError: (error: Error) => void;
}

type Mode = 'waiting' | 'passing' | 'dropping' | 'done';

class UpstreamToCaller implements Dispatcher.DispatchHandler {
  #mode: Mode = 'waiting';
  #abort: ((reason?: Error) => void) | null = null;
  #gone = false;
  #dropped = 0;
  #resume: (() => void) | null = null;
  readonly #settled: Promise<void>;
  #settle!: () => void;
  readonly #onClose = (): void => {
    if (this.res.writableFinished) return;
    this.#gone = true;
    this.#abort?.(new undiciErrors.RequestAbortedError('The caller went away.'));
  };

  constructor(
    private readonly res: ServerResponse,
    private readonly options: ReplyOptions,
    private readonly resolve: (attempt: Attempt) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.#settled = new Promise((settle) => (this.#settle = settle));
    this.#gone = res.destroyed || res.socket?.destroyed === true;
    res.once('close', this.#onClose);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.#gone) abort(new undiciErrors.RequestAbortedError('The caller went away.'));
    else this.#abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true;
    const attempt = { statusCode, discard: () => this.#settled };
    if (statusCode === 401 && this.options.retryable) {
      this.#mode = 'dropping';
      this.resolve(attempt);
      return true;
    }
    const headers = returnedRawHeaders(rawHeaders);
    headers.push('x-request-id', this.options.requestId);
    try {
      this.res.writeHead(statusCode, headers);
    } catch (error) {
      this.#mode = 'dropping';
      this.reject(error as Error);
      this.#abort?.(error as Error);
      return false;
    }
    this.#mode = 'passing';
    this.#resume = resume;
    this.resolve(attempt);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#mode === 'passing') {
      if (this.res.write(chunk)) return true;
      this.res.once('drain', this.#resume!);
      return false;
    }
    this.#dropped += chunk.length;
    if (this.#dropped > DROPPED_BODY_BYTES) this.#abort?.(new undiciErrors.RequestAbortedError('Dropped answer too long.'));
    return true;
  }

  onComplete(): void {
    if (this.#mode === 'passing') this.res.end();
    this.#finish();
  }

  onError(error: Error): void {
    if (this.#mode === 'waiting') this.reject(error);
    else if (this.#mode === 'passing') {
      this.res.destroy();
      if (!this.#gone) this.options.onLateError(error);
    }
    this.#finish();
  }

  #finish(): void {
    this.#mode = 'done';
    this.res.removeListener('close', this.#onClose);
    this.#settle();
  }
}

/**
 * Sends one attempt; resolves when the answer's headers arrived (and, unless it is dropped,
 * were written to `res`), rejects when the exchange failed before that.
 */
export function sendInto(dispatcher: Dispatcher, res: ServerResponse, options: ReplyOptions, request: Dispatcher.DispatchOptions) {
  return new Promise<Attempt>((resolve, reject) => {
    dispatcher.dispatch(request, new UpstreamToCaller(res, options, resolve, reject));
  });
}
