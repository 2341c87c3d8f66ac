import 'primeicons/primeicons.css';
import PrimeVue from 'primevue/config';
import ConfirmationService from 'primevue/confirmationservice';
import ToastService from 'primevue/toastservice';
import { DefaultApolloClient } from '@vue/apollo-composable';
import { createApp, ref } from 'vue';
import App from './App.vue';
import { createApollo, LiveStateKey } from './apollo';
import { createConsoleRouter } from './router';
import { createSession, DEFAULT_WORKSPACE, localWorkspaceStorage, SessionKey } from './session/session';
import { ConnectivityKey, createConnectivity, retryChunkLoads } from './shell/connectivity';
import { applyInitialTheme } from './shell/theme';
import { consolePreset } from './shell/theme-preset';
import './styles.css';

applyInitialTheme();

const storage = localWorkspaceStorage();
const workspace = ref(storage.get() ?? DEFAULT_WORKSPACE);
let onUnauthenticated = (): void => undefined;
const connectivity = createConnectivity(new URL('/readyz', window.location.origin).toString());
const apollo = createApollo({ workspace: () => workspace.value, onUnauthenticated: () => onUnauthenticated(), connectivity });
const session = createSession({
  client: () => apollo.client,
  restartSubscriptions: apollo.restartSubscriptions,
  storage,
  workspace,
});

const router = createConsoleRouter(session);
retryChunkLoads(router, connectivity);
// Back after an outage: queries that failed run again, so their stale errors go.
connectivity.onBack(() => void apollo.client.refetchQueries({ include: 'active' }));
onUnauthenticated = () => {
  const current = router.currentRoute.value;
  session.expire();
  if (!current.meta.public) void router.replace({ name: 'sign-in', query: { redirect: current.fullPath } });
};

createApp(App)
  .provide(DefaultApolloClient, apollo.client)
  .provide(SessionKey, session)
  .provide(LiveStateKey, apollo.live)
  .provide(ConnectivityKey, connectivity)
  .use(router)
  .use(PrimeVue, {
    theme: { preset: consolePreset, options: { darkModeSelector: '.gk-dark', cssLayer: false } },
    ripple: false,
  })
  .use(ToastService)
  .use(ConfirmationService)
  .mount('#app');
