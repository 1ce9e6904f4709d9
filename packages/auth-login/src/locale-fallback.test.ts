// dist/auth-login.js copied WITHOUT dist/chunks/ (a newcomer's first try): with lang="fr" the
// widget falls back to English, warns once naming the missing chunk, and throws nothing.
// Runs the BUILT bundle (served by web-test-runner.config.mjs under /no-chunks/, chunks 404):
// this file must not import the element's source, or the bundle would find <auth-login> defined.
import { expect, waitUntil } from '@open-wc/testing';

describe('dist/auth-login.js without its locale chunks', () => {
  it('shows English, warns once naming the missing file, and raises no uncaught error', async () => {
    const uncaught: string[] = [];
    const onError = (e: ErrorEvent) => uncaught.push(e.message);
    const onRejection = (e: PromiseRejectionEvent) => uncaught.push(String(e.reason));
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    try {
      const bundle = '/no-chunks/auth-login.js';
      const res = await fetch(bundle);
      if (!res.ok) throw new Error('packages/auth-login/dist is missing: run `pnpm build` first');
      await import(/* @vite-ignore */ bundle);
      const el = document.createElement('auth-login');
      el.setAttribute('lang', 'fr');
      document.body.append(el);
      const card = () => el.shadowRoot?.querySelector('[aria-busy=false]');
      await waitUntil(() => card()?.querySelector('button'), 'the widget never finished loading', { timeout: 5000 });
      await waitUntil(() => warnings.some((w) => w.includes('fr')), 'no warning about the fr chunk', {
        timeout: 5000,
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(el.shadowRoot!.querySelector('h2')!.textContent.trim()).to.equal('Sign in');
      expect(el.shadowRoot!.querySelector('section')!.getAttribute('lang')).to.equal('en');
      const about = warnings.filter((w) => w.includes('auth-login'));
      expect(about).to.have.length(1);
      expect(about[0]).to.match(/chunks\/fr\.js/);
      // A second element with the same language does not warn again.
      const second = document.createElement('auth-login');
      second.setAttribute('lang', 'fr');
      document.body.append(second);
      await waitUntil(() => second.shadowRoot?.querySelector('[aria-busy=false] button'), 'second never loaded', {
        timeout: 5000,
      });
      expect(warnings.filter((w) => w.includes('auth-login'))).to.have.length(1);
      expect(uncaught).to.deep.equal([]);
    } finally {
      console.warn = original;
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onRejection);
    }
  });
});
