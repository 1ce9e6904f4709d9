/**
 * `<auth-login>` inside React 19, without JSX: React 19 passes attributes to custom elements as
 * is, and the widget's DOM events are listened to through a ref, as any React app would.
 */
import '@auth-login/widget';
import { createElement as e, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { PresetView } from './api.js';
import { frameworkSetup, REACT_SNIPPET, tryHint, type SignedInUser } from './framework-page.js';
import type { Settings } from './settings.js';
import { styleVars } from './widget.js';

function App({ preset, settings }: { preset: PresetView; settings: Settings }) {
  const ref = useRef<HTMLElement>(null);
  const [user, setUser] = useState<SignedInUser | null>(null);
  const [lastError, setLastError] = useState<string | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onSuccess = (ev: Event) => {
      setUser((ev as CustomEvent<{ user: SignedInUser }>).detail.user);
      setLastError(null);
    };
    const onError = (ev: Event) => setLastError((ev as CustomEvent<{ code: string }>).detail.code);
    const onLogout = () => setUser(null);
    el.addEventListener('auth-success', onSuccess);
    el.addEventListener('auth-error', onError);
    el.addEventListener('auth-logout', onLogout);
    return () => {
      el.removeEventListener('auth-success', onSuccess);
      el.removeEventListener('auth-error', onError);
      el.removeEventListener('auth-logout', onLogout);
    };
  }, []);

  return e(
    'section',
    { 'aria-labelledby': 'fw-title', className: 'framework-body' },
    e('h1', { id: 'fw-title' }, 'auth-login in React'),
    e(
      'p',
      { className: 'lede' },
      `React 19 renders the element; its events update React state. Preset: ${preset.label}.`,
    ),
    e('p', { className: 'hint' }, tryHint(preset)),
    e(
      'div',
      { className: 'widget-frame' },
      e('auth-login', {
        ref,
        endpoint: preset.endpoint,
        lang: settings.lang,
        theme: settings.theme,
        style: styleVars(settings),
      }),
    ),
    e(
      'p',
      { className: 'status', role: 'status', 'data-testid': 'framework-status' },
      user
        ? e('span', null, 'React state: signed in as ', e('strong', null, user.displayName ?? user.id))
        : 'React state: signed out',
      lastError ? ` (last error: ${lastError})` : '',
    ),
    e('pre', { className: 'snippet', tabIndex: 0, 'aria-label': 'React usage' }, e('code', null, REACT_SNIPPET)),
  );
}

const { preset, settings } = await frameworkSetup();
const root = document.getElementById('app')!;
if (preset) createRoot(root).render(e(App, { preset, settings }));
else root.textContent = 'No preset is available yet.';
