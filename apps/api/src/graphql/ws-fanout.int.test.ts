/**
 * The grouped subscription fan-out over real WebSockets on a real server (SQLite): subscribers
 * that share a group still get only their workspace's and their argument's events, a
 * subscriber that vanishes mid-broadcast does not stop the others, and an error while a group
 * executes reaches every subscriber through the one wire-error formatter.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { authorizationTopic } from '../events/index.js';
import { testDatabases, type TestServer } from '../testing/index.js';
import { notAuthorizedView } from '../views/authorization-view.js';
import { contractServer } from './contract-server.js';
import { subscribe, type RecordingClient } from './test-support.js';

const DOCUMENT = `subscription Live($code: String) { authorizationChanged(connectionCode: $code) { connectionCode status tokenState } }`;

interface Frame {
  id: string;
  type: string;
  payload?: {
    data?: { authorizationChanged: { connectionCode: string } };
    errors?: { message: string; extensions: Record<string, unknown> }[];
  };
}

const opened: WebSocket[] = [];

/** A bare graphql-transport-ws client that can be cut off abruptly (terminate()). */
async function rawSubscriber(url: string, authorization: string, variables: Record<string, unknown>, id = 'live') {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  opened.push(socket);
  const frames: Frame[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as Frame;
      if (frame.type === 'connection_ack') {
        socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: DOCUMENT, variables } }));
        resolve();
      } else frames.push(frame);
    });
  });
  const codes = () => frames.flatMap((f) => (f.payload?.data ? [f.payload.data.authorizationChanged.connectionCode] : []));
  return { socket, frames, codes };
}

type Raw = Awaited<ReturnType<typeof rawSubscriber>>;

describe.each(testDatabases().slice(0, 1))('graphql-ws fan-out on %s', (database) => {
  const api = contractServer(database);
  const { principals, createConnection } = api;
  let server: TestServer;
  let client: RecordingClient;
  let adminCookie: string;
  let otherKey: string;
  const revoke = async (code: string, apiKey: string) => {
    const res = await client.gql(`mutation($c: String!) { revokeAuthorization(connectionCode: $c) { status } }`, { c: code }, { apiKey });
    expect(res.body.errors).toBeUndefined();
  };
  /** Revokes `code` until every subscriber has seen it (subscriptions register asynchronously), then forgets what they saw. */
  const settle = async (subscribers: Raw[], code: string, apiKey: string) => {
    await expect
      .poll(async () => {
        await revoke(code, apiKey);
        return subscribers.every((s) => s.codes().includes(code));
      })
      .toBe(true);
    for (const s of subscribers) s.frames.length = 0;
  };

  beforeAll(async () => {
    ({ server, client, adminCookie } = await api.start());
    const made = await client.gql(
      `mutation { createWorkspace(input: { slug: "fanout-other", company: "Other", environment: "test" }) { slug } }`,
      {},
      { cookie: adminCookie },
    );
    expect(made.body.errors).toBeUndefined();
    expect((await createConnection('OTHER', { cookie: adminCookie, workspace: 'fanout-other' })).body.errors).toBeUndefined();
    expect((await createConnection('SECOND', { cookie: adminCookie })).body.errors).toBeUndefined();
    otherKey = await client.createApiKey(adminCookie, 'fanout other', 'OPERATOR', 'fanout-other');
  });
  afterEach(() => {
    for (const socket of opened.splice(0)) socket.terminate();
  });
  afterAll(() => api.close());

  it('gives every subscriber of a shared document only its workspace and its argument', async () => {
    const operator = principals['operatorKey']!.apiKey!;
    const viewer = `Bearer ${principals['viewerKey']!.apiKey!}`;
    // Same document and variables: three viewers in one group, an admin in another (role), the
    // other workspace in a third; a real graphql-ws client (random ids) in a group of its own
    // (the test helper waits for a new bus subscription, which only a group's first member opens).
    const viewers = await Promise.all([0, 1, 2].map((i) => rawSubscriber(server.url, viewer, {}, `v${i}`)));
    const admin = await rawSubscriber(server.url, `Bearer ${principals['adminKey']!.apiKey!}`, {});
    const other = await rawSubscriber(server.url, `Bearer ${otherKey}`, {});
    const onlySecond = await rawSubscriber(server.url, viewer, { code: 'SECOND' });
    const real = await subscribe<{ authorizationChanged: { connectionCode: string } }>(
      server,
      DOCUMENT,
      { code: null },
      { authorization: viewer },
    );
    await settle([...viewers, admin, onlySecond], 'SECOND', operator);
    await settle([other], 'OTHER', otherKey);
    real.events.length = 0;

    await revoke('OTHER', otherKey);
    await revoke('BASE', operator);
    await revoke('SECOND', operator);
    await expect.poll(() => real.events.length).toBe(2);
    await expect.poll(() => [...viewers, admin, onlySecond, other].map((s) => s.codes().length)).toEqual([2, 2, 2, 2, 1, 1]);
    for (const s of [...viewers, admin]) expect(s.codes()).toEqual(['BASE', 'SECOND']);
    expect(onlySecond.codes()).toEqual(['SECOND']);
    expect(other.codes()).toEqual(['OTHER']);
    expect(real.events.map((e) => e.authorizationChanged.connectionCode)).toEqual(['BASE', 'SECOND']);
    // Each frame carries its own subscriber's id.
    expect(viewers.map((s) => s.frames[0]?.id)).toEqual(['v0', 'v1', 'v2']);
    await real.close();
  });

  it('keeps delivering to the others when subscribers vanish mid-broadcast', async () => {
    const operator = principals['operatorKey']!.apiKey!;
    const viewer = `Bearer ${principals['viewerKey']!.apiKey!}`;
    const group = await Promise.all(Array.from({ length: 60 }, (_, i) => rawSubscriber(server.url, viewer, {}, `s${i}`)));
    await settle(group, 'BASE', operator);
    let alive = group;
    for (const round of [1, 2, 3]) {
      // Cut a third of the survivors off without a close handshake: the server still thinks
      // they are open and writes to dead peers during the broadcast.
      const [gone, kept] = [alive.filter((_, i) => i % 3 === 0), alive.filter((_, i) => i % 3 !== 0)];
      for (const s of gone) s.socket.terminate();
      await revoke('BASE', operator);
      await expect.poll(() => kept.filter((s) => s.codes().length === round).length).toBe(kept.length);
      alive = kept;
    }
    // A newcomer joins the same group and gets the next event with the survivors.
    const late = await rawSubscriber(server.url, viewer, {}, 'late');
    await settle([late, ...alive], 'SECOND', operator);
    await revoke('BASE', operator);
    await expect.poll(() => [late, ...alive].every((s) => s.codes().includes('BASE'))).toBe(true);
  });

  it('formats an error of a group execution once, with the one wire-error formatter', async () => {
    const viewer = `Bearer ${principals['viewerKey']!.apiKey!}`;
    const subscribers = await Promise.all([0, 1].map((i) => rawSubscriber(server.url, viewer, {}, `e${i}`)));
    await settle(subscribers, 'BASE', principals['operatorKey']!.apiKey!);
    const workspace = await server.app.auth.workspaces.ensureDefault();
    // A broken view (an expiry that is not a date): tokenState throws an unexpected error.
    await server.app.domain.bus.publish(authorizationTopic(workspace.id), {
      workspaceId: workspace.id,
      connectionCode: 'BASE',
      authorization: {
        ...notAuthorizedView('BASE'),
        status: 'AUTHORIZED',
        hasAccessToken: true,
        tokenExpiresAt: 'SECRET_DETAIL' as unknown as Date,
      },
    });
    await expect.poll(() => subscribers.every((s) => s.frames.some((f) => f.payload?.errors))).toBe(true);
    for (const s of subscribers) {
      const errors = s.frames.find((f) => f.payload?.errors)!.payload!.errors!;
      expect(errors).toEqual([
        expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }),
      ]);
      expect(JSON.stringify(s.frames)).not.toContain('SECRET_DETAIL');
    }
  });
});
