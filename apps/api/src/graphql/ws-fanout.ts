/**
 * Subscription fan-out for graphql-ws: subscribers of the same operation (document, operation
 * name, variables) with the same workspace, role and kind of principal form a group. A group
 * has one source on the event bus and executes the document once per event with a fresh
 * context; the result goes through the one wire formatter, is serialized once and sent to every
 * socket of the group as a `next` frame (`{"id":…,"type":"next","payload":…}`, built by string
 * concatenation from the subscriber's id). Each socket still passes a cheap check per event
 * (open, and the event belongs to its workspace).
 *
 * Everything a field may depend on must be in the group key: today that is the workspace and
 * the role (type-graphql's `@Authorized`). A field that depended on the user would need the
 * user in the key.
 *
 * graphql-ws keeps driving each subscription: the iterator returned to it yields nothing and
 * ends when the group ends (done, or the source's error, which graphql-ws formats with
 * `onError`); its `return()` (complete message, closed socket) leaves the group.
 */
import {
  createSourceEventStream,
  execute,
  subscribe as graphqlSubscribe,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
} from 'graphql';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Principal } from '../auth/index.js';

export interface FanoutSubscriber {
  socket: WebSocket;
  /** The graphql-ws operation id chosen by the client. */
  id: string;
  principal: Principal;
  query: string;
  operationName?: string | null | undefined;
  variables?: Record<string, unknown> | null | undefined;
}

export interface FanoutOptions {
  /** A fresh context for one execution (its own entity manager fork). */
  contextFor(principal: Principal): unknown;
  /** The one wire formatter (errors mapped, size limit): what a `next` frame carries. */
  format(result: ExecutionResult): FormattedExecutionResult;
  logger: Logger;
}

interface Member {
  socket: WebSocket;
  /** `{"id":"<id>","type":"next","payload":` */
  prefix: string;
  workspaceId: string;
  end(error?: unknown): void;
}

interface Group {
  key: string;
  args: ExecutionArgs;
  principal: Principal;
  source: AsyncIterator<unknown>;
  members: Set<Member>;
}

const OPEN = 1;

function groupKey(subscriber: FanoutSubscriber): string {
  const { principal } = subscriber;
  const role = principal.kind === 'user' ? principal.user.role : principal.apiKey.role;
  return JSON.stringify([
    principal.workspace.id,
    principal.kind,
    role,
    subscriber.operationName ?? null,
    subscriber.variables ?? {},
    subscriber.query,
  ]);
}

/** The workspace an event belongs to, when it says (authorization events do). */
function workspaceOf(event: unknown): string | undefined {
  const id = (event as { workspaceId?: unknown } | null)?.workspaceId;
  return typeof id === 'string' ? id : undefined;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof Object(value)[Symbol.asyncIterator] === 'function';
}

/** The groups of one graphql-ws server. */
export class Fanout {
  private readonly pending = new WeakMap<ExecutionArgs, FanoutSubscriber>();
  private readonly groups = new Map<string, Group>();

  constructor(private readonly options: FanoutOptions) {}

  /** Called from `onSubscribe` with the arguments graphql-ws will pass to `subscribe`. */
  register(args: ExecutionArgs, subscriber: FanoutSubscriber): void {
    this.pending.set(args, subscriber);
  }

  /** graphql-ws's `subscribe`: joins (or opens) the group of a registered subscriber. */
  readonly subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const subscriber = this.pending.get(args);
    if (!subscriber) return graphqlSubscribe(args);
    this.pending.delete(args);
    const key = groupKey(subscriber);
    const group = this.groups.get(key) ?? (await this.openGroup(key, args, subscriber.principal));
    if (!('members' in group)) return group;
    return this.join(group, subscriber);
  };

  /** Groups and members now (tests, metrics). */
  stats(): { groups: number; subscribers: number } {
    let subscribers = 0;
    for (const group of this.groups.values()) subscribers += group.members.size;
    return { groups: this.groups.size, subscribers };
  }

  private deliver(group: Group, event: unknown, result: ExecutionResult): void {
    const payload = JSON.stringify(this.options.format(result));
    const eventWorkspace = workspaceOf(event);
    // Sockets whose clients picked the same id share one encoded frame (sent as text).
    const frames = new Map<string, Buffer>();
    for (const member of group.members) {
      if (member.socket.readyState !== OPEN) continue;
      if (eventWorkspace !== undefined && eventWorkspace !== member.workspaceId) continue;
      let frame = frames.get(member.prefix);
      if (frame === undefined) {
        frame = Buffer.from(`${member.prefix}${payload}}`, 'utf8');
        frames.set(member.prefix, frame);
      }
      try {
        member.socket.send(frame, { binary: false });
      } catch (error) {
        this.options.logger.debug({ err: error }, 'a subscriber socket refused a frame');
      }
    }
  }

  private async pump(group: Group): Promise<void> {
    let failure: unknown;
    try {
      for (;;) {
        const next = await group.source.next();
        if (next.done || group.members.size === 0) break;
        const contextValue = this.options.contextFor(group.principal);
        const result = await execute({ ...group.args, rootValue: next.value, contextValue });
        this.deliver(group, next.value, result);
      }
    } catch (error) {
      failure = error ?? new Error('subscription source failed');
    }
    if (this.groups.get(group.key) === group) this.groups.delete(group.key);
    for (const member of [...group.members]) member.end(failure);
    group.members.clear();
  }

  private leave(group: Group, member: Member): void {
    if (!group.members.delete(member) || group.members.size > 0) return;
    if (this.groups.get(group.key) === group) this.groups.delete(group.key);
    void group.source.return?.();
  }

  private join(group: Group, subscriber: FanoutSubscriber): AsyncIterableIterator<ExecutionResult> {
    let settle: ((result: IteratorResult<ExecutionResult>) => void) | null = null;
    let fail: ((error: unknown) => void) | null = null;
    let ended = false;
    const member: Member = {
      socket: subscriber.socket,
      prefix: `{"id":${JSON.stringify(subscriber.id)},"type":"next","payload":`,
      workspaceId: subscriber.principal.workspace.id,
      end(error) {
        if (ended) return;
        ended = true;
        if (error !== undefined) fail?.(error);
        else settle?.({ value: undefined, done: true });
      },
    };
    group.members.add(member);
    const finish = (): Promise<IteratorResult<ExecutionResult>> => {
      this.leave(group, member);
      member.end();
      return Promise.resolve({ value: undefined, done: true });
    };
    return {
      next: () =>
        ended
          ? Promise.resolve({ value: undefined, done: true })
          : new Promise((resolve, reject) => {
              settle = resolve;
              fail = reject;
            }),
      return: finish,
      throw: finish,
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private async openGroup(key: string, args: ExecutionArgs, principal: Principal): Promise<Group | ExecutionResult> {
    const stream = await createSourceEventStream(args);
    if (!isAsyncIterable(stream)) return stream;
    const source = stream[Symbol.asyncIterator]();
    // Another subscriber of the same key may have opened it meanwhile.
    const existing = this.groups.get(key);
    if (existing) {
      void source.return?.();
      return existing;
    }
    const group: Group = { key, args, principal, source, members: new Set() };
    this.groups.set(key, group);
    void this.pump(group);
    return group;
  }
}

export function createFanout(options: FanoutOptions): Fanout {
  return new Fanout(options);
}
