import Aura from '@primeuix/themes/aura';
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
import { applyInitialTheme } from './shell/theme';
import './styles.css';

applyInitialTheme();

const storage = localWorkspaceStorage();
const workspace = ref(storage.get() ?? DEFAULT_WORKSPACE);
let onUnauthenticated = (): void => undefined;
const apollo = createApollo({ workspace: () => workspace.value, onUnauthenticated: () => onUnauthenticated() });
const session = createSession({
  client: () => apollo.client,
  restartSubscriptions: apollo.restartSubscriptions,
  storage,
  workspace,
});

const router = createConsoleRouter(session);
onUnauthenticated = () => {
  const current = router.currentRoute.value;
  session.expire();
  if (!current.meta.public) void router.replace({ name: 'sign-in', query: { redirect: current.fullPath } });
};

createApp(App)
  .provide(DefaultApolloClient, apollo.client)
  .provide(SessionKey, session)
  .provide(LiveStateKey, apollo.live)
  .use(router)
  .use(PrimeVue, {
    theme: { preset: Aura, options: { darkModeSelector: '.gk-dark', cssLayer: false } },
    ripple: false,
  })
  .use(ToastService)
  .use(ConfirmationService)
  .mount('#app');
