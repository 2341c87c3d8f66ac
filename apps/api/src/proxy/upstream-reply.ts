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
import { deadlinesFor, type Deadlines, type Watched } from './upstream-deadlines.js';

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

/** Told once how the attempt went: its answer's headers arrived (`resolve`), or it failed before (`reject`). */
export interface AttemptCallbacks {
  resolve: (attempt: Attempt) => void;
  reject: (error: Error) => void;
}

/** Also the attempt's {@link Attempt} once its headers arrived (one object per attempt). */
class UpstreamToCaller implements Dispatcher.DispatchHandler, Watched, Attempt {
  statusCode = 0;
  #mode: Mode = 'waiting';
  since = 0;
  paused = false;
  newer: Watched | null = null;
  older: Watched | null = null;
  #onDrain: (() => void) | null = null;
  #abort: ((reason?: Error) => void) | null = null;
  #gone = false;
  #dropped = 0;
  #resume: (() => void) | null = null;
  /** The exchange's end, awaited only by `discard` (made when asked: most answers are never discarded). */
  #settled: Promise<void> | null = null;
  #settle: (() => void) | null = null;
  readonly #onClose = (): void => {
    if (this.res.writableFinished) return;
    this.#gone = true;
    this.#abort?.(new undiciErrors.RequestAbortedError('The caller went away.'));
  };

  constructor(
    private readonly res: ServerResponse,
    private readonly options: ReplyOptions,
    private readonly callbacks: AttemptCallbacks,
    /** PROXY_TIMEOUT_MS kept here rather than by undici (null: undici keeps it). */
    private readonly deadlines: Deadlines | null,
  ) {
    this.#gone = res.destroyed || res.socket?.destroyed === true;
    res.once('close', this.#onClose);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.#gone) abort(new undiciErrors.RequestAbortedError('The caller went away.'));
    else {
      this.#abort = abort;
      this.deadlines?.watch(this);
    }
  }

  get answered(): boolean {
    return this.#mode !== 'waiting';
  }

  timedOut(error: Error): void {
    this.#abort?.(error);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (this.deadlines) this.since = this.deadlines.tick;
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    if (statusCode === 401 && this.options.retryable) {
      this.#mode = 'dropping';
      this.callbacks.resolve(this);
      return true;
    }
    const headers = returnedRawHeaders(rawHeaders, this.options.requestId);
    try {
      this.res.writeHead(statusCode, headers);
    } catch (error) {
      this.#mode = 'dropping';
      this.callbacks.reject(error as Error);
      this.#abort?.(error as Error);
      return false;
    }
    this.#mode = 'passing';
    this.#resume = resume;
    this.callbacks.resolve(this);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.deadlines) this.since = this.deadlines.tick;
    if (this.#mode === 'passing') {
      if (this.res.write(chunk)) return true;
      this.paused = true;
      this.res.once('drain', (this.#onDrain ??= () => this.#resumeUpstream()));
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
    if (this.#mode === 'waiting') this.callbacks.reject(error);
    else if (this.#mode === 'passing') {
      this.res.destroy();
      if (!this.#gone) this.options.onLateError(error);
    }
    this.#finish();
  }

  #resumeUpstream(): void {
    this.paused = false;
    if (this.deadlines) this.since = this.deadlines.tick;
    this.#resume!();
  }

  discard(): Promise<void> {
    if (this.#mode === 'done') return Promise.resolve();
    return (this.#settled ??= new Promise((settle) => (this.#settle = settle)));
  }

  #finish(): void {
    this.#mode = 'done';
    this.deadlines?.forget(this);
    this.res.removeListener('close', this.#onClose);
    this.#settle?.();
  }
}

/**
 * Sends one attempt; resolves when the answer's headers arrived (and, unless it is dropped,
 * were written to `res`), rejects when the exchange failed before that.
 */
export function sendInto(dispatcher: Dispatcher, res: ServerResponse, options: ReplyOptions, request: Dispatcher.DispatchOptions) {
  return new Promise<Attempt>((resolve, reject) => dispatchInto(dispatcher, res, options, request, { resolve, reject }));
}

/** {@link sendInto} without a promise: `callbacks` are told instead. */
export function dispatchInto(
  dispatcher: Dispatcher,
  res: ServerResponse,
  options: ReplyOptions,
  request: Dispatcher.DispatchOptions,
  callbacks: AttemptCallbacks,
): void {
  dispatcher.dispatch(request, new UpstreamToCaller(res, options, callbacks, ownDeadlines(request)));
}

/**
 * Takes `request`'s timeouts over from undici (upstream-deadlines.ts), unless its body is a stream:
 * undici holds the headers timeout while such a body is still being written, which only it sees.
 */
function ownDeadlines(request: Dispatcher.DispatchOptions): Deadlines | null {
  const { body, headersTimeout, bodyTimeout } = request;
  if (!headersTimeout || headersTimeout !== bodyTimeout || !(body == null || body instanceof Uint8Array)) return null;
  request.headersTimeout = 0;
  request.bodyTimeout = 0;
  return deadlinesFor(headersTimeout);
}
