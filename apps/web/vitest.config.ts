import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

/** Component and unit tests: happy-dom, no server. */
export default defineConfig({
  plugins: [vue()],
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
  },
});
