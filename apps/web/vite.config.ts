import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { initialJsBudget } from './scripts/initial-js-budget.ts';
import { precompress } from './scripts/precompress.ts';

const api = process.env['GRANTKEEPER_API'] ?? 'http://127.0.0.1:4000';

export default defineConfig({
  plugins: [vue(), initialJsBudget(120), precompress()],
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: false },
      '/oauth': { target: api, changeOrigin: false },
    },
  },
  build: {
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
});
