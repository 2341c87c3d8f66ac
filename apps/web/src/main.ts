import 'primeicons/primeicons.css';
import PrimeVue from 'primevue/config';
import ConfirmationService from 'primevue/confirmationservice';
import ToastService from 'primevue/toastservice';
import { DefaultApolloClient } from '@vue/apollo-composable';
import { createApp, ref } from 'vue';
import App from './App.vue';
import type { ApolloSetup } from './apollo';
import { ApolloLoaderKey, LiveStateKey } from './live-state';
import { createConsoleRouter } from './router';
import { createGraphQLRequest } from './session/graphql-request';
import { createSession, DEFAULT_WORKSPACE, localWorkspaceStorage, SessionKey } from './session/session';
import { ConnectivityKey, createConnectivity, retryChunkLoads } from './shell/connectivity';
import { applyInitialTheme } from './shell/theme';
import { consolePreset } from './shell/theme-preset';
import './styles.css';

applyInitialTheme();

const storage = localWorkspaceStorage();
const workspace = ref(storage.get() ?? DEFAULT_WORKSPACE);
let onUnauthenticated = (): void => undefined;
let onCredentialsChanged = (): void => undefined;
const connectivity = createConnectivity(new URL('/readyz', window.location.origin).toString());
const app = createApp(App);

// Apollo (the largest part of the console's JavaScript) loads for signed-in pages only: the
// session's own requests (who am I, sign in, sign out, workspaces) need no Apollo.
let apollo: ApolloSetup | null = null;
let apolloLoading: Promise<ApolloSetup> | null = null;
function loadApollo(): Promise<ApolloSetup> {
  apolloLoading ??= import('./apollo').then(({ createApollo }) => {
    apollo = createApollo({
      workspace: () => workspace.value,
      onUnauthenticated: () => onUnauthenticated(),
      onCredentialsChanged: () => onCredentialsChanged(),
      connectivity,
    });
    app.provide(DefaultApolloClient, apollo.client).provide(LiveStateKey, apollo.live);
    return apollo;
  });
  apolloLoading.catch(() => (apolloLoading = null));
  return apolloLoading;
}

const session = createSession({
  request: createGraphQLRequest({
    url: new URL('/graphql', window.location.origin).toString(),
    // The session's requests (who am I, sign in/out, workspaces) are the user's, not a
    // workspace's: sent without one, so a user limited to other workspaces than the stored one
    // (or "default") still gets in, and the server picks one they may act in.
    workspace: () => '',
    connectivity,
  }),
  client: () => loadApollo().then((loaded) => loaded.client),
  loadedClient: () => apollo?.client ?? null,
  restartSubscriptions: () => apollo?.restartSubscriptions(),
  storage,
  workspace,
});

const router = createConsoleRouter(session);
// After the sign-in check: every page but sign-in may use Apollo (queries, live updates).
router.beforeEach(async (to) => {
  if (to.name !== 'sign-in') await loadApollo();
  return true;
});
retryChunkLoads(router, connectivity);
// Back after an outage: queries that failed run again, so their stale errors go.
connectivity.onBack(() => void apollo?.client.refetchQueries({ include: 'active' }));
onUnauthenticated = () => {
  const current = router.currentRoute.value;
  session.expire();
  if (!current.meta.public) void router.replace({ name: 'sign-in', query: { redirect: current.fullPath } });
};

// The server closed the live socket for changed credentials: ended (disabled, signed out
// elsewhere) means sign-in at once; otherwise (a new role) the console carries on with it.
onCredentialsChanged = () => {
  void session
    .recheck()
    .then((user) => {
      if (user === null) onUnauthenticated();
    })
    .catch(() => undefined);
};

app
  .provide(SessionKey, session)
  .provide(ConnectivityKey, connectivity)
  .provide(ApolloLoaderKey, loadApollo)
  .use(router)
  .use(PrimeVue, {
    theme: { preset: consolePreset, options: { darkModeSelector: '.gk-dark', cssLayer: false } },
    ripple: false,
  })
  .use(ToastService)
  .use(ConfirmationService)
  .mount('#app');
