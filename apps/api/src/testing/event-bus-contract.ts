/**
 * The event bus contract, one table of cases run against each implementation: in-process
 * (events/event-bus.test.ts) and Redis pub/sub (events/event-bus.int.test.ts). `make` returns
 * two buses on one channel (for the in-process bus, the same bus twice): what one instance
 * publishes, a subscriber on the other receives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { authorizationTopic, type EventBus } from '../events/index.js';
import { notAuthorizedView } from '../views/authorization-view.js';

const AUTHORIZED_AT = new Date('2026-11-28T04:30:00.000Z');

function event(workspaceId: string, code: string) {
  return {
    workspaceId,
    connectionCode: code,
    authorization: { ...notAuthorizedView(code), lastAuthorizedAt: AUTHORIZED_AT },
  };
}

type Case = (a: EventBus, b: EventBus) => Promise<void>;

const cases: [string, Case][] = [
  [
    'delivers a published event to a subscriber of the same topic only (dates revived)',
    async (a, b) => {
      const mine = b.subscribe(authorizationTopic('w1'));
      const other = b.subscribe(authorizationTopic('w2'));
      await a.publish(authorizationTopic('w1'), event('w1', 'A'));
      await a.publish(authorizationTopic('w2'), event('w2', 'B'));
      const got = await mine.next();
      expect(got.value?.connectionCode).toBe('A');
      expect(got.value?.authorization.lastAuthorizedAt).toEqual(AUTHORIZED_AT);
      // Events arrive in order: had w1's event leaked to the w2 subscriber, it would come first.
      expect((await other.next()).value?.connectionCode).toBe('B');
      await mine.return?.();
      await other.return?.();
    },
  ],
  [
    'filters, and stops delivering after return()',
    async (a, b) => {
      const onlyB = b.subscribe(authorizationTopic('w1'), (e) => e.connectionCode === 'B');
      await a.publish(authorizationTopic('w1'), event('w1', 'A'));
      await a.publish(authorizationTopic('w1'), event('w1', 'B'));
      expect((await onlyB.next()).value?.connectionCode).toBe('B');
      await onlyB.return?.();
      expect((await onlyB.next()).done).toBe(true);
    },
  ],
  [
    'calls on() handlers for other topics (cache invalidations)',
    async (a, b) => {
      const received = new Promise((resolve) => b.on('cache/invalidate', resolve));
      await a.publish('cache/invalidate', { cache: 'authorization', key: 'w9:X' });
      expect(await received).toEqual({ cache: 'authorization', key: 'w9:X' });
    },
  ],
  [
    'counts open subscriptions and tells when one is in place',
    async (_a, b) => {
      const before = b.subscriptionCount();
      const inPlace = b.whenSubscriptions(before + 1);
      const subscription = b.subscribe(authorizationTopic('w3'));
      await inPlace;
      expect(b.subscriptionCount()).toBe(before + 1);
      await subscription.return?.();
      expect(b.subscriptionCount()).toBe(before);
    },
  ],
];

export function eventBusContract(name: string, make: () => [EventBus, EventBus]): void {
  describe(`${name} event bus contract`, () => {
    let buses: EventBus[] = [];
    afterEach(async () => {
      await Promise.all([...new Set(buses)].map((bus) => bus.close()));
      buses = [];
    });

    it.each(cases)('%s', async (_name, run) => {
      const [a, b] = make();
      buses = [a, b];
      await Promise.all([a.ready(), b.ready()]);
      await run(a, b);
    });
  });
}
