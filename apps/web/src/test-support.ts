import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client/core';
import PrimeVue from 'primevue/config';
import { ref, type Plugin } from 'vue';
import { createSession, DEFAULT_WORKSPACE, type Session } from './session/session';

/** Global mounting options for components that use PrimeVue (no theme: styles are irrelevant here). */
export const primeVue: [Plugin, { theme: 'none' }] = [PrimeVue, { theme: 'none' }];

/** A GraphQL request the console sent, as the server would receive it. */
export interface SentRequest {
  operationName: string;
  variables: Record<string, unknown>;
}

/**
 * A real session over a real Apollo client whose `fetch` records each request and answers with
 * `respond` (by default: the server is unreachable). Lets a component test see what was sent.
 */
export function recordingSession(respond?: (request: SentRequest) => unknown): { session: Session; sent: SentRequest[] } {
  const sent: SentRequest[] = [];
  const fetchRecorded: typeof fetch = (_input, init) => {
    const request = JSON.parse(String(init?.body)) as SentRequest;
    sent.push(request);
    if (!respond) return Promise.reject(new TypeError('fetch failed'));
    return Promise.resolve(new Response(JSON.stringify(respond(request)), { headers: { 'content-type': 'application/json' } }));
  };
  const client = new ApolloClient({
    link: new HttpLink({ uri: 'http://127.0.0.1/graphql', fetch: fetchRecorded }),
    cache: new InMemoryCache(),
  });
  const session = createSession({
    client: () => client,
    restartSubscriptions: () => undefined,
    storage: { get: () => null, set: () => undefined },
    workspace: ref(DEFAULT_WORKSPACE),
  });
  return { session, sent };
}
