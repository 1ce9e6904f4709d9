/** What the React and Vue pages share: the preset to use and the page theme, from the URL. */
import './styles.css';
import { fetchPresets, type PresetView } from './api.js';
import { applyTheme, readSettings, type Settings } from './settings.js';

export interface SignedInUser {
  id: string;
  displayName?: string;
  provider?: string;
}

export async function frameworkSetup(): Promise<{ preset: PresetView | undefined; settings: Settings }> {
  const presets = await fetchPresets();
  const available = presets.filter((p) => p.available);
  const settings = readSettings(available[0]?.id ?? '');
  const preset = available.find((p) => p.id === settings.preset) ?? available[0];
  applyTheme(settings.theme);
  return { preset, settings };
}

/** "Try alice@example.com / alice-password1" for the preset's first typed account. */
export function tryHint(preset: PresetView): string {
  const tab = preset.tabs.find((t) => t.delivery === 'typed') ?? preset.tabs[0];
  const account = tab?.accounts[0];
  if (!tab || !account) return '';
  const who = account.identifier ? `${account.identifier} / ` : '';
  return `Try the ${tab.tabName} tab: ${who}${account.secret || 'the code from the inbox'}`;
}

export const REACT_SNIPPET = `import '@auth-login/widget';
import { createElement as e, useEffect, useRef } from 'react';

function Login({ onUser }) {
  const ref = useRef(null);
  useEffect(() => {
    const el = ref.current;
    const done = (ev) => onUser(ev.detail.user);
    el.addEventListener('auth-success', done);
    return () => el.removeEventListener('auth-success', done);
  }, []);
  return e('auth-login', { ref, endpoint: '/auth', lang: 'en' });
}`;

export const VUE_SNIPPET = `// vite.config: vue({ template: { compilerOptions: {
//   isCustomElement: (tag) => tag === 'auth-login' } } })
<template>
  <auth-login endpoint="/auth" lang="en"
    @auth-success="user = $event.detail.user"
    @auth-logout="user = null" />
</template>`;
