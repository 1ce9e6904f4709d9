/**
 * Mounts `<auth-login>` for a preset. Changing preset replaces the element (a fresh element asks
 * the new endpoint for its `/config` and `/session`); language, theme and styling change in place.
 */
import 'auth-login';
import { DEFAULT_ACCENT, DEFAULT_RADIUS, type Settings } from './settings.js';

/**
 * The widget's public custom properties the demo lets you change (see the @cssprop list of
 * packages/auth-login/src/auth-login.ts). Only values that differ from the widget's defaults are
 * set, so the widget keeps its own tuned dark palette until you pick an accent.
 */
export function styleVars(s: Pick<Settings, 'accent' | 'radius'>): Record<string, string> {
  const vars: Record<string, string> = {};
  if (s.accent.toLowerCase() !== DEFAULT_ACCENT) vars['--auth-login-color-primary'] = s.accent;
  if (s.radius !== DEFAULT_RADIUS) vars['--auth-login-radius'] = `${s.radius}px`;
  return vars;
}

const VAR_NAMES = ['--auth-login-color-primary', '--auth-login-radius'];

export function mountWidget(frame: HTMLElement, endpoint: string, s: Settings): HTMLElement {
  const el = document.createElement('auth-login');
  el.setAttribute('endpoint', endpoint);
  applyWidgetSettings(el, s);
  frame.replaceChildren(el);
  return el;
}

export function applyWidgetSettings(el: HTMLElement, s: Settings): void {
  el.setAttribute('lang', s.lang);
  el.setAttribute('theme', s.theme);
  const vars = styleVars(s);
  for (const name of VAR_NAMES) {
    if (vars[name]) el.style.setProperty(name, vars[name]);
    else el.style.removeProperty(name);
  }
}
