import Aura from '@primeuix/themes/aura';
import 'primeicons/primeicons.css';
import PrimeVue from 'primevue/config';
import ConfirmationService from 'primevue/confirmationservice';
import ToastService from 'primevue/toastservice';
import { DefaultApolloClient } from '@vue/apollo-composable';
import { createApp, ref } from 'vue';
import App from './App.vue';
import { createApollo } from './apollo';
import { createConsoleRouter } from './router';
import { createSession, DEFAULT_WORKSPACE, localWorkspaceStorage, SessionKey } from './session/session';
import { applyInitialTheme } from './shell/theme';
import './styles.css';

applyInitialTheme();

const storage = localWorkspaceStorage();
const workspace = ref(storage.get() ?? DEFAULT_WORKSPACE);
const apollo = createApollo({ workspace: () => workspace.value });
const session = createSession({
  client: () => apollo.client,
  restartSubscriptions: apollo.restartSubscriptions,
  storage,
  workspace,
});

const router = createConsoleRouter(session);

createApp(App)
  .provide(DefaultApolloClient, apollo.client)
  .provide(SessionKey, session)
  .use(router)
  .use(PrimeVue, {
    theme: { preset: Aura, options: { darkModeSelector: '.gk-dark', cssLayer: false } },
    ripple: false,
  })
  .use(ToastService)
  .use(ConfirmationService)
  .mount('#app');
