import en, { type Messages } from './locales/en.js';

export type { Messages };
export type Locale = 'en' | 'fr' | 'zh-CN';
export const LOCALES: readonly Locale[] = ['en', 'fr', 'zh-CN'];
export { en };

// Each non-English locale is its own module: bundlers (and dist/auth-login.js) split it into a
// chunk that is fetched only when that language is used (docs/anchors.md §4.8: Ory bundles 83 eagerly).
const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: Messages }>> = {
  fr: () => import('./locales/fr.js'),
  'zh-CN': () => import('./locales/zh-CN.js'),
};
const cache = new Map<Locale, Messages>([['en', en]]);

/** BCP 47 tag → a supported locale: `fr-CA` → fr, `zh`, `zh-Hans-CN`, `zh-TW` → zh-CN, else en. */
export function resolveLocale(tag: string | null | undefined): Locale {
  const lower = (tag ?? '').toLowerCase();
  if (lower === 'fr' || lower.startsWith('fr-')) return 'fr';
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  return 'en';
}

/**
 * The messages of a locale; English synchronously when cached, others after their chunk loads.
 * A chunk that cannot load (dist/auth-login.js copied without dist/chunks/) gives English, with
 * one console warning that names the missing file; the result is cached, so it is said once.
 */
export async function loadMessages(locale: Locale): Promise<Messages> {
  const hit = cache.get(locale);
  if (hit) return hit;
  let messages = en;
  try {
    messages = (await loaders[locale as Exclude<Locale, 'en'>]()).default;
  } catch (e) {
    console.warn(
      `<auth-login>: the ${locale} messages did not load, so English is shown (${(e as Error).message}). Serve dist/chunks/ next to auth-login.js.`,
    );
  }
  cache.set(locale, messages);
  return messages;
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
/**
 * Completes `en` with the strings needed only after an answer from the BFF (./locales/en-later.ts:
 * errors, the second step, notices), loaded once, when the first request starts. Resolves false
 * when the chunk cannot load (dist/auth-login.js copied without dist/chunks/): the element then
 * shows the BFF's own (English) error message.
 */
export const loadLater = (): Promise<boolean> =>
  (later ??= import('./locales/en-later.js').then(
    (m) => !!Object.assign(en, m.default),
    () => !Object.assign(en, { errors: {} }),
  ));

/**
 * True when `messages` has the later strings (any locale but English before `loadLater`, and
 * English where their chunk could not load: then only `errors`, empty, is there).
 */
export const hasLater = (messages: Messages): boolean => 'retryIn' in messages;
