import { defineConfig, defaultClientConditions } from 'vite';
import { fileURLToPath } from 'node:url';

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/**
 * The demo site. Workspace packages resolve through their `source` export condition, so the
 * dev server (scripts/demo-server.mjs) and `vite build` both compile the widget from
 * packages/auth-login/src and never depend on a stale dist/.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    conditions: ['source', ...defaultClientConditions],
    // The full Vue build carries the template compiler, so vue.html can use a template with
    // `isCustomElement`, as a Vue app with single-file components would.
    alias: { vue: 'vue/dist/vue.esm-bundler.js' },
  },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    target: 'es2022',
    rolldownOptions: {
      input: { main: page('./index.html'), react: page('./react.html'), vue: page('./vue.html') },
    },
  },
});
