/**
 * When the dispatcher claims again, against an in-memory store: a claim walks the due backlog up
 * to its limit, so one that cannot find anything new is pure cost, and one that can rides along
 * with the outcome write that made it possible.
 */
import { createHook } from 'node:async_hooks';
import { createSecretKey } from 'node:crypto';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/index.js';
import type { AttemptOutcome, ClaimAlong, ClaimedDelivery, DeliveryStore, RecordDone } from './delivery-store.js';
import { WebhookDispatcher, type DispatcherOptions } from './dispatcher.js';

const delivery = (id: string): ClaimedDelivery => ({ id, webhookId: 'w1', workspaceId: 'ws', payload: '{}', attempts: 0, maxAttempts: 6 });

/** Resolves on the next macrotask, after every pending promise reaction. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A store whose claims answer from `batches` (then nothing) and whose writes wait for `written`;
 * each write takes the dispatcher's claim along, answered from `along` (then nothing).
 */
function fakeStore(batches: ClaimedDelivery[][], along: ClaimedDelivery[][] = []) {
  const written = deferred<void>();
  const calls = { claims: 0, records: 0, claimsAlong: 0 };
  let claimed = deferred<void>();
  let recorded = deferred<void>();
  let claimAlong: () => ClaimAlong | null = () => null;
  let write: Promise<boolean> | null = null;
  const store = {
    claim: (): Promise<ClaimedDelivery[]> => {
      calls.claims += 1;
      const batch = batches.shift() ?? [];
      claimed.resolve();
      return Promise.resolve(batch);
    },
    setClaimAlong: (hook: () => ClaimAlong | null) => (claimAlong = hook),
    // The outcomes recorded before `written` resolves go in one write, which takes a claim along.
    record: (...args: [string, string, Date, number, AttemptOutcome, RecordDone]): void => {
      calls.records += 1;
      recorded.resolve();
      write ??= written.promise.then(() => {
        write = null;
        const request = claimAlong();
        if (request) calls.claimsAlong += 1;
        request?.done(along.shift() ?? []);
        return request !== null;
      });
      void write.then((claimedAlong) => args[5](null, { held: true, claimedAlong }));
    },
    nextAttemptAfter: () => Promise.resolve(null),
    releaseAll: () => Promise.resolve(0),
  };
  return {
    store: store as unknown as DeliveryStore,
    calls,
    written,
    nextClaim: () => (claimed = deferred<void>()).promise,
    nextRecord: () => (recorded = deferred<void>()).promise,
  };
}

let dispatcher: WebhookDispatcher | null = null;
afterEach(async () => {
  await dispatcher?.stop();
  dispatcher = null;
});

function start(store: DeliveryStore, options: Partial<DispatcherOptions> = {}): WebhookDispatcher {
  dispatcher = new WebhookDispatcher({
    store,
    send: (_attempt, done) => done({ ok: true, statusCode: 204 }),
    target: () => Promise.resolve({ url: 'http://127.0.0.1:1/hooks', key: createSecretKey(Buffer.alloc(32)) }),
    bus: new InProcessEventBus(),
    logger: pino({ level: 'silent' }),
    schedule: { delaysMs: [], jitter: 0 },
    pollIntervalMs: 600_000,
    ...options,
  });
  dispatcher.start();
  return dispatcher;
}

describe('WebhookDispatcher claims', () => {
  it('after a short claim, waits for the outcome write, which takes the next claim along', async () => {
    const fake = fakeStore([[delivery('d1'), delivery('d2')]], [[delivery('d3')]]);
    const recorded = fake.nextRecord();
    start(fake.store);
    await recorded;
    await settled();
    // Both attempts finished; their pair's next delivery is not claimable until the write commits.
    expect(fake.calls).toEqual({ claims: 1, records: 2, claimsAlong: 0 });

    const next = fake.nextRecord();
    fake.written.resolve();
    await next; // d3, claimed along with the write, was sent
    await settled();
    // d3's write took a claim along too (found nothing); no claim of its own after either short one.
    expect(fake.calls).toEqual({ claims: 1, records: 3, claimsAlong: 2 });
  });

  it('claims again when a kick came while a claim was under way', async () => {
    const fake = fakeStore([]);
    let claimed = fake.nextClaim();
    const running = start(fake.store);
    await claimed; // the first claim is under way; it will come back empty
    claimed = fake.nextClaim();
    running.kick();
    await claimed;
    expect(fake.calls.claims).toBe(2);
  });
});

describe('WebhookDispatcher attempts', () => {
  /** Promises made while `deliveries` claimed ones are sent (a sender and a target that answer at once) and recorded. */
  async function promisesFor(deliveries: number): Promise<number> {
    const done: RecordDone[] = [];
    const batch = Array.from({ length: deliveries }, (_, i) => delivery(`d${i}`));
    const claimed = deferred<void>();
    const store = {
      claim: () => claimed.promise.then(() => batch.splice(0)),
      setClaimAlong: () => undefined,
      record: (...args: [string, string, Date, number, AttemptOutcome, RecordDone]) => void done.push(args[5]),
      nextAttemptAfter: () => Promise.resolve(null),
      releaseAll: () => Promise.resolve(0),
    };
    const key = createSecretKey(Buffer.alloc(32));
    start(store as unknown as DeliveryStore, {
      send: (_attempt, answer) => answer({ ok: true, statusCode: 204 }),
      target: () => ({ url: 'http://127.0.0.1:1/hooks', key }),
    });
    await settled();
    let promises = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'PROMISE' && (promises += 1)) }).enable();
    claimed.resolve();
    await settled();
    hook.disable();
    expect(done.length).toBe(deliveries);
    for (const recorded of done) recorded(null, { held: true, claimedAlong: true });
    return promises;
  }

  it('makes no promise per attempt (each pays for async hooks under an AsyncLocalStorage)', async () => {
    const few = await promisesFor(8);
    await dispatcher?.stop();
    expect(await promisesFor(48)).toBe(few);
  });
});
