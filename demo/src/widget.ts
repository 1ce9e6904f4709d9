/**
 * Mounts `<auth-login>` for a preset. Changing preset replaces the element (a fresh element asks
 * the new endpoint for its `/config` and `/session`); language, theme and styling change in place.
 */
import '@auth-login/widget';
import { DEFAULT_ACCENT, DEFAULT_RADIUS, type Settings } from './settings.js';

/**
 * The widget's public custom properties the demo lets you change (see the @cssprop list of
 * packages/auth-login/src/auth-login.ts). Only values that differ from the widget's defaults are
 * set, so the widget keeps its own tuned dark palette until you pick an accent.
 */
export function styleVars(s: Pick<Settings, 'accent' | 'radius'>): Record<string, string> {
  const vars: Record<string, string> = {};
  if (s.accent.toLowerCase() !== DEFAULT_ACCENT) {
    vars['--auth-login-color-primary'] = s.accent;
    // The text on the accent must stay readable whatever colour was picked (WCAG 1.4.3).
    vars['--auth-login-color-on-primary'] = onColor(s.accent);
  }
  if (s.radius !== DEFAULT_RADIUS) vars['--auth-login-radius'] = `${s.radius}px`;
  return vars;
}

const VAR_NAMES = ['--auth-login-color-primary', '--auth-login-color-on-primary', '--auth-login-radius'];

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White or near-black, whichever contrasts more with `hex`. */
export function onColor(hex: string): string {
  const l = luminance(hex);
  const dark = 0.0045; // luminance of #0b0d1f
  return 1.05 / (l + 0.05) >= (l + 0.05) / (dark + 0.05) ? '#ffffff' : '#0b0d1f';
}

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
