import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, split } from '@apollo/client/core';
import { onError } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient, type Client } from 'graphql-ws';
import { readonly, ref, type Ref } from 'vue';
import type { LiveState } from './live-state';
import { probeDelayMs, type Connectivity } from './shell/connectivity';

/** The close code graphql-ws reports for `client.terminate()`. */
const TERMINATED = 4499;

export interface ApolloSetup {
  client: ApolloClient<unknown>;
  live: Readonly<Ref<LiveState>>;
  /** The graphql-ws client; `restart()` reconnects with fresh credentials and workspace. */
  restartSubscriptions(): void;
}

export interface ApolloOptions {
  /** The workspace slug every request acts in (`X-Workspace`, `connectionParams.workspace`). */
  workspace(): string;
  /** Base URL of the API; defaults to this page's origin (the API serves the console). */
  origin?: string;
  /** Called when the server answers UNAUTHENTICATED (e.g. the session expired). */
  onUnauthenticated?(): void;
  /**
   * The server closed the subscription socket because the credentials changed (4401: signed
   * out, disabled, a new role or workspace limit): the session may have ended.
   */
  onCredentialsChanged?(): void;
  /** Told when requests fail for lack of the server, and when it answers again. */
  connectivity?: Pick<Connectivity, 'lost' | 'found'>;
}

function websocketUrl(origin: string): string {
  const url = new URL('/graphql', origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * One Apollo client per console instance: HTTP (cookie session, CSRF-safe JSON POST) for
 * queries and mutations, graphql-ws on the same path for subscriptions.
 */
export function createApollo(options: ApolloOptions): ApolloSetup {
  const origin = options.origin ?? window.location.origin;
  const http = new HttpLink({
    uri: new URL('/graphql', origin).toString(),
    credentials: 'include',
    headers: { 'apollo-require-preflight': 'true' },
  });
  // Operations of the user rather than of a workspace (`me`, `workspaces`) may say
  // `context: { withoutWorkspace: true }`: the server then picks one the user may act in.
  const workspaceHeader = new ApolloLink((operation, forward) => {
    if (operation.getContext()['withoutWorkspace'] === true) return forward(operation);
    operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
      headers: { ...headers, 'X-Workspace': options.workspace() },
    }));
    return forward(operation);
  });
  const live = ref<LiveState>('idle');
  const ws: Client = createClient({
    on: {
      connecting: () => (live.value = 'connecting'),
      connected: () => {
        live.value = 'connected';
        options.connectivity?.found();
      },
      closed: (event) => {
        const code = (event as { code?: unknown } | null)?.code;
        // 4401: the session ended (not retried); 4000: the user changed (reconnects by itself).
        if (code === 4401 || code === 4000) options.onCredentialsChanged?.();
        // 4499 is graphql-ws's own `terminate()` (a workspace switch restarts the socket on
        // purpose): no outage, so no offline banner and no refetch of everything when "back".
        else if (live.value === 'connected' && code !== TERMINATED) options.connectivity?.lost();
        live.value = 'closed';
      },
    },
    url: websocketUrl(origin),
    lazy: true,
    connectionParams: () => ({ workspace: options.workspace() }),
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      // Capped at a few seconds: after an outage the console is live again soon after the server.
      await new Promise((resolve) => setTimeout(resolve, probeDelayMs(retries)));
    },
  });
  const sessionExpiry = onError(({ graphQLErrors, networkError, operation }) => {
    if (networkError && !('statusCode' in networkError)) options.connectivity?.lost();
    if (operation.operationName === 'Login') return;
    if (graphQLErrors?.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED')) options.onUnauthenticated?.();
  });
  const answered = new ApolloLink((operation, forward) =>
    forward(operation).map((result) => {
      options.connectivity?.found();
      return result;
    }),
  );
  const link = split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(ws),
    ApolloLink.from([sessionExpiry, answered, workspaceHeader, http]),
  );
  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        // One authorization per connection code within the (single) active workspace.
        Authorization: { keyFields: ['connectionCode'] },
        OAuth2Settings: { merge: true },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
  return { client, live: readonly(live), restartSubscriptions: () => ws.terminate() };
}
