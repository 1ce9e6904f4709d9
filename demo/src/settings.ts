/**
 * The demo's settings live in the URL (`?preset=vzl&lang=fr&theme=dark&accent=%23…&radius=12`), so
 * a view can be shared or reloaded as is, and tests can open any state directly.
 */
export type Theme = 'light' | 'dark';
export type Lang = 'en' | 'fr' | 'zh';

export interface Settings {
  preset: string;
  lang: Lang;
  theme: Theme;
  accent: string;
  radius: number;
}

export const DEFAULT_ACCENT = '#4f46e5';
export const DEFAULT_RADIUS = 12;
const LANGS: readonly Lang[] = ['en', 'fr', 'zh'];

export function readSettings(defaultPreset: string): Settings {
  const q = new URLSearchParams(location.search);
  const lang = q.get('lang') as Lang | null;
  const theme = q.get('theme');
  const accent = q.get('accent');
  const radius = Number(q.get('radius'));
  const prefersDark = matchMedia('(prefers-color-scheme: dark)').matches;
  return {
    preset: q.get('preset') ?? defaultPreset,
    lang: lang && LANGS.includes(lang) ? lang : 'en',
    theme: theme === 'dark' || theme === 'light' ? theme : prefersDark ? 'dark' : 'light',
    accent: accent && /^#[0-9a-f]{6}$/i.test(accent) ? accent : DEFAULT_ACCENT,
    radius: q.has('radius') && Number.isFinite(radius) ? Math.min(24, Math.max(0, radius)) : DEFAULT_RADIUS,
  };
}

export function writeSettings(s: Settings): void {
  const q = new URLSearchParams();
  q.set('preset', s.preset);
  if (s.lang !== 'en') q.set('lang', s.lang);
  q.set('theme', s.theme);
  if (s.accent.toLowerCase() !== DEFAULT_ACCENT) q.set('accent', s.accent);
  if (s.radius !== DEFAULT_RADIUS) q.set('radius', String(s.radius));
  history.replaceState(null, '', `${location.pathname}?${q}`);
}

/** The page theme; the widget follows it through `color-scheme` and its custom properties. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
}
