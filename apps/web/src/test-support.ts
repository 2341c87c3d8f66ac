import PrimeVue from 'primevue/config';
import type { Plugin } from 'vue';

/** Global mounting options for components that use PrimeVue (no theme: styles are irrelevant here). */
export const primeVue: [Plugin, { theme: 'none' }] = [PrimeVue, { theme: 'none' }];
