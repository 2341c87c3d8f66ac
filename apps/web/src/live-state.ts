import type { InjectionKey, Ref } from 'vue';

/** The subscription socket: 'connected' while live updates flow. */
export type LiveState = 'idle' | 'connecting' | 'connected' | 'closed';

/** Provided once Apollo has loaded (signed-in pages); kept apart so the entry need not load Apollo. */
export const LiveStateKey: InjectionKey<Readonly<Ref<LiveState>>> = Symbol('live-state');

/** Loads Apollo (once) and provides its client: for signed-in chrome that must not query before it is there. */
export const ApolloLoaderKey: InjectionKey<() => Promise<unknown>> = Symbol('apollo-loader');
