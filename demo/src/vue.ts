/**
 * `<auth-login>` inside Vue 3: `isCustomElement` tells the template compiler that the tag is a
 * web component (not a Vue component), the same setting a Vite + SFC app puts in its plugin.
 */
import '@auth-login/widget';
import { createApp, ref } from 'vue';
import { frameworkSetup, tryHint, VUE_SNIPPET, type SignedInUser } from './framework-page.js';
import { styleVars } from './widget.js';

const { preset, settings } = await frameworkSetup();

const app = createApp({
  setup() {
    const user = ref<SignedInUser | null>(null);
    const lastError = ref<string | null>(null);
    return {
      preset,
      settings,
      hint: preset ? tryHint(preset) : '',
      snippet: VUE_SNIPPET,
      vars: styleVars(settings),
      user,
      lastError,
      onSuccess: (ev: CustomEvent<{ user: SignedInUser }>) => {
        user.value = ev.detail.user;
        lastError.value = null;
      },
      onError: (ev: CustomEvent<{ code: string }>) => (lastError.value = ev.detail.code),
      onLogout: () => (user.value = null),
    };
  },
  template: `
    <section aria-labelledby="fw-title" class="framework-body">
      <h1 id="fw-title">auth-login in Vue</h1>
      <p class="lede">Vue 3 renders the element from a template; its events update Vue state. Preset: {{ preset.label }}.</p>
      <p class="hint">{{ hint }}</p>
      <div class="widget-frame">
        <auth-login :endpoint="preset.endpoint" :lang="settings.lang" :theme="settings.theme" :style="vars"
          @auth-success="onSuccess" @auth-error="onError" @auth-logout="onLogout"></auth-login>
      </div>
      <p class="status" role="status" data-testid="framework-status">
        <span v-if="user">Vue state: signed in as <strong>{{ user.displayName || user.id }}</strong></span>
        <template v-else>Vue state: signed out</template>
        <template v-if="lastError"> (last error: {{ lastError }})</template>
      </p>
      <pre class="snippet" tabindex="0" aria-label="Vue usage"><code>{{ snippet }}</code></pre>
    </section>`,
});
app.config.compilerOptions.isCustomElement = (tag: string) => tag === 'auth-login';

if (preset) app.mount('#app');
else document.getElementById('app')!.textContent = 'No preset is available yet.';
