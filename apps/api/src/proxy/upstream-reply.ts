/**
 * The upstream's answer written straight into the caller's response: an undici dispatch handler
 * whose status and headers become `writeHead` and whose body chunks become `write`s, with the
 * upstream paused while the caller's socket is full (no Readable or pipeline in between, so
 * a 100 MB download streams through in constant memory). An answer to be retried (a 401 that
 * costs one refresh) is read and dropped instead, never shown. When the caller goes away, the
 * upstream exchange is aborted. The credentials sent are masked in the answer's headers and body
 * (credential-mask.ts); a body the upstream encoded anyway is decoded for that.
 */
import type { ServerResponse } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { errors as undiciErrors, type Dispatcher } from 'undici';
import type { BodyMask, CredentialMask } from './credential-mask.js';
import type { Attempt } from './forward.js';
import { returnedRawHeaders } from './hop-headers.js';
import { ProxyError } from './proxy-errors.js';
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
  /** The credential sent, to be masked in the answer (null: it sent no secret). */
  mask: CredentialMask | null;
}

const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

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
  /** The body's credential mask (null: the credential sent no secret). */
  #body: BodyMask | null = null;
  /** A body the upstream encoded although asked not to: its decoder, made at its first byte (its output is masked). */
  #decoding: (() => Transform) | null = null;
  #decoder: Transform | null = null;
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
    const { mask } = this.options;
    if (mask) {
      try {
        this.#maskHeaders(mask, headers);
      } catch (error) {
        this.#mode = 'dropping';
        this.callbacks.reject(error as Error);
        this.#abort?.(error as Error);
        return false;
      }
    }
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
      if (this.#decoding) return this.#decode((this.#decoder ??= this.#startDecoder(this.#decoding())), chunk);
      const out = this.#body ? this.#body.push(chunk) : chunk;
      if (out.length === 0 || this.res.write(out)) return true;
      this.paused = true;
      this.res.once('drain', (this.#onDrain ??= () => this.#resumeUpstream()));
      return false;
    }
    this.#dropped += chunk.length;
    if (this.#dropped > DROPPED_BODY_BYTES) this.#abort?.(new undiciErrors.RequestAbortedError('Dropped answer too long.'));
    return true;
  }

  onComplete(): void {
    if (this.#mode === 'passing') {
      if (this.#decoder) this.#decoder.end();
      else this.#end();
    }
    this.#finish();
  }

  onError(error: Error): void {
    if (this.#mode === 'waiting') this.callbacks.reject(error);
    else if (this.#mode === 'passing') {
      this.#decoder?.destroy();
      this.res.destroy();
      if (!this.#gone) this.options.onLateError(error);
    }
    this.#finish();
  }

  /**
   * Masks the credential in the answer's header values; prepares the body's mask, and its
   * decoder when the upstream encoded it (its `content-encoding` and `content-length` then go).
   */
  #maskHeaders(mask: CredentialMask, headers: string[]): void {
    let encoding = '';
    for (let i = 0; i < headers.length; i += 2) {
      const value = (headers[i + 1] = mask.header(headers[i + 1] as string));
      if (headers[i] === 'content-encoding') encoding += encoding === '' ? value : `, ${value}`;
    }
    this.#body = mask.body();
    const coding = encoding.trim().toLowerCase();
    if (coding === '' || coding === 'identity') return;
    this.#decoding = DECODERS[coding] ?? null;
    if (!this.#decoding) {
      const named = coding.slice(0, 40);
      throw new ProxyError('PROVIDER_ERROR', `The upstream answered with content-encoding "${named}", which Grantkeeper cannot read.`);
    }
    let kept = 0;
    for (let i = 0; i < headers.length; i += 2) {
      if (headers[i] === 'content-encoding' || headers[i] === 'content-length') continue;
      headers[kept++] = headers[i] as string;
      headers[kept++] = headers[i + 1] as string;
    }
    headers.length = kept;
  }

  /** The decoded body goes through the mask to the caller; the decoder pauses while the caller's socket is full. */
  #startDecoder(decoder: Transform): Transform {
    const body = this.#body as BodyMask;
    decoder.on('data', (decoded: Buffer) => {
      const out = body.push(decoded);
      if (out.length === 0 || this.res.write(out)) return;
      decoder.pause();
      this.res.once('drain', () => decoder.resume());
    });
    decoder.once('end', () => this.#end());
    decoder.once('error', (error: Error) => {
      this.res.destroy();
      if (!this.#gone) this.options.onLateError(error);
    });
    return decoder;
  }

  /** Ends the caller's answer with what the body's mask still held (nearly always nothing). */
  #end(): void {
    const held = this.#body?.end();
    if (held?.length) this.res.end(held);
    else this.res.end();
  }

  #decode(decoder: Transform, chunk: Buffer): boolean {
    if (decoder.write(chunk)) return true;
    this.paused = true;
    decoder.once('drain', () => this.#resumeUpstream());
    return false;
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
