/**
 * When the dispatcher claims again, against an in-memory store: a claim walks the due backlog up
 * to its limit, so one that cannot find anything new is pure cost, and one that can rides along
 * with the outcome write that made it possible.
 */
import { createSecretKey } from 'node:crypto';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../events/index.js';
import type { ClaimAlong, ClaimedDelivery, DeliveryStore, Recorded } from './delivery-store.js';
import { WebhookDispatcher } from './dispatcher.js';

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
    record: async (): Promise<Recorded> => {
      calls.records += 1;
      recorded.resolve();
      write ??= written.promise.then(() => {
        write = null;
        const request = claimAlong();
        if (request) calls.claimsAlong += 1;
        request?.done(along.shift() ?? []);
        return request !== null;
      });
      return { held: true, claimedAlong: await write };
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

function start(store: DeliveryStore): WebhookDispatcher {
  dispatcher = new WebhookDispatcher({
    store,
    send: () => Promise.resolve({ ok: true, statusCode: 204 }),
    target: () => Promise.resolve({ url: 'http://127.0.0.1:1/hooks', key: createSecretKey(Buffer.alloc(32)) }),
    bus: new InProcessEventBus(),
    logger: pino({ level: 'silent' }),
    schedule: { delaysMs: [], jitter: 0 },
    pollIntervalMs: 600_000,
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
