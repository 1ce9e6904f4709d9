import en, { type Messages } from './locales/en.js';

export type { Messages };
export { en };

// Each non-English locale is its own module: bundlers (and dist/auth-login.js) split it into a
// chunk that is fetched only when that language is used (docs/anchors.md §4.8: Ory bundles 83 eagerly).
// Literal paths, not one `./locales/${locale}.js` template: esbuild would glob that into the same
// map of arrows with longer keys, and also split en.ts (imported above) out of the main file.
const loaders = {
  en: () => Promise.resolve({ default: en }),
  fr: () => import('./locales/fr.js'),
  'zh-CN': () => import('./locales/zh-CN.js'),
  de: () => import('./locales/de.js'),
  es: () => import('./locales/es.js'),
  ja: () => import('./locales/ja.js'),
  'pt-BR': () => import('./locales/pt-BR.js'),
  ar: () => import('./locales/ar.js'),
} satisfies Record<string, () => Promise<{ default: Messages }>>;
export type Locale = keyof typeof loaders;
export const LOCALES = Object.keys(loaders) as Locale[];
const cache: { [L in Locale]?: Promise<Messages> } = {};

/**
 * BCP 47 tag → a supported locale by its language subtag: `fr-CA` → fr, `zh`, `zh-Hans-CN`, `zh-TW`
 * → zh-CN, `pt`, `pt-PT` → pt-BR, `de-AT` → de, `ar-EG` → ar, `ja-JP` → ja; anything else → en.
 */
export function resolveLocale(tag: string | null | undefined): Locale {
  const base = (tag ?? '').toLowerCase().split('-')[0];
  return LOCALES.find((l) => l.split('-')[0] == base) ?? 'en';
}

/**
 * The messages of a locale, once its chunk has loaded (one request however many elements ask).
 * A chunk that cannot load (dist/auth-login.js copied without dist/chunks/) gives English, with
 * one console warning that names the missing file; the result is cached, so it is said once.
 */
export function loadMessages(locale: Locale): Promise<Messages> {
  return (cache[locale] ??= loaders[locale]().then(
    (m) => m.default,
    (e: Error) => (
      console.warn(`<auth-login>: ${locale} not loaded, English shown (${e.message}). Serve dist/chunks/.`),
      en
    ),
  ));
}

/** `27 s`, `15 min` in the locale's own words (Intl: no strings to ship). */
export function formatDuration(seconds: number, locale: Locale): string {
  const minutes = seconds >= 90;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: minutes ? 'minute' : 'second',
    unitDisplay: 'long',
  }).format(minutes ? Math.ceil(seconds / 60) : seconds);
}

let later: Promise<boolean> | undefined;
/** The password tab's captcha block (../views/captcha.ts), which ships in the chunk of the later strings. */
export let captchaBlock: typeof import('./locales/en-later.js').captchaBlock | undefined;
/**
 * Completes `en` with the strings needed only after an answer from the BFF (./locales/en-later.ts:
 * errors, the second step, notices; and the captcha block), loaded once, when the first request starts. Resolves false
 * when the chunk cannot load (dist/auth-login.js copied without dist/chunks/): the element then
 * shows the BFF's own (English) error message.
 */
export const loadLater = (): Promise<boolean> =>
  (later ??= import('./locales/en-later.js').then(
    (m) => ((captchaBlock = m.captchaBlock), !!Object.assign(en, m.default)),
    () => !Object.assign(en, { errors: {} }),
  ));
