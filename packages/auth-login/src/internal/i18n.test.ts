import { expect, html, waitUntil } from '@open-wc/testing';
import { button, field, mount, resetSession, root, tab, tabs } from '../test-support/helpers.js';
import { loadLater, resolveLocale } from './i18n.js';

const loaded = (name: string) =>
  performance.getEntriesByType('resource').some((e) => e.name.includes(`/locales/${name}.`));

describe('localisation', () => {
  beforeEach(resetSession);
  afterEach(() => document.documentElement.setAttribute('lang', 'en'));

  it('maps language tags to the shipped locales by their language', () => {
    const tags = ['fr', 'fr-CA', 'zh', 'zh-Hans-CN', 'zh-TW', 'en-GB', 'de', 'de-AT', 'es-419', 'ES', 'ja-JP'];
    expect(tags.map(resolveLocale)).to.deep.equal([
      'fr',
      'fr',
      'zh-CN',
      'zh-CN',
      'zh-CN',
      'en',
      'de',
      'de',
      'es',
      'es',
      'ja',
    ]);
    expect(['pt', 'pt-BR', 'pt-PT', 'ar', 'ar-EG', 'ar-SA'].map(resolveLocale)).to.deep.equal([
      'pt-BR',
      'pt-BR',
      'pt-BR',
      'ar',
      'ar',
      'ar',
    ]);
    // Not shipped (or not a language): English.
    expect(['it', 'ko', 'he', 'arz', 'deu', 'e', '', null, undefined].map(resolveLocale)).to.deep.equal([
      'en',
      'en',
      'en',
      'en',
      'en',
      'en',
      'en',
      'en',
      'en',
    ]);
  });

  it('loads a locale only when it is used, then speaks it', async () => {
    const el = await mount(html`<auth-login></auth-login>`);
    expect(loaded('fr')).to.equal(false);
    expect(loaded('zh-CN')).to.equal(false);
    el.lang = 'fr';
    await waitUntil(() => root(el).querySelector('h2')!.textContent === 'Connexion', 'French never arrived');
    expect(loaded('fr')).to.equal(true);
    expect(loaded('zh-CN')).to.equal(false);
    expect(tabs(el).map((t) => t.textContent.trim())).to.deep.equal(['Mot de passe', 'Code par SMS', 'OTP', 'Jeton']);
    expect(field(el, "Nom d'utilisateur ou e-mail")).to.exist;
    expect(button(el, 'Se connecter')).to.exist;
    expect(root(el).querySelector('.card')!.getAttribute('lang')).to.equal('fr');
    await expect(el).to.be.accessible();
  });

  it('speaks Simplified Chinese, errors included', async () => {
    const el = await mount(html`<auth-login lang="zh-CN"></auth-login>`);
    await waitUntil(() => root(el).querySelector('h2')!.textContent === '登录');
    tab(el, '令牌').click();
    await el.updateComplete;
    field(el, '令牌').value = 'bad-token';
    button(el, '登录').click();
    await waitUntil(() => root(el).querySelector('.panel:not([hidden]) [part=error]')?.textContent === '令牌无效。');
    await expect(el).to.be.accessible();
  });

  it("falls back to the page's lang and follows it when it changes, else English", async () => {
    document.documentElement.setAttribute('lang', 'fr-FR');
    const el = await mount();
    await waitUntil(() => root(el).querySelector('h2')!.textContent === 'Connexion');
    document.documentElement.setAttribute('lang', 'it');
    await waitUntil(() => root(el).querySelector('h2')!.textContent === 'Sign in', 'English fallback never came back');
    expect(root(el).querySelector('.card')!.getAttribute('lang')).to.equal('en');
  });
});

describe('locale modules', () => {
  it('every locale has every message and a text for every BFF error code', async () => {
    const { en, loadMessages, LOCALES } = await import('./i18n.js');
    const codes = [
      'invalid_request',
      'csrf_rejected',
      'method_disabled',
      'invalid_credentials',
      'captcha_required',
      'invalid_code',
      'code_expired',
      'invalid_token',
      'mfa_required',
      'mfa_not_pending',
      'password_reset_required',
      'rate_limited',
      'upstream_error',
      'upstream_unavailable',
      'upstream_timeout',
      'network_error',
      'unknown',
    ];
    expect(await loadLater()).to.equal(true); // English: the strings needed after an answer (a chunk)
    expect(LOCALES).to.deep.equal(['en', 'fr', 'zh-CN', 'de', 'es', 'ja', 'pt-BR', 'ar']);
    for (const locale of LOCALES) {
      const m = await loadMessages(locale);
      expect(Object.keys(m).sort(), locale).to.deep.equal(Object.keys(en).sort());
      expect(Object.keys(m.errors).sort(), locale).to.deep.equal([...codes].sort());
      expect(m.identifier(['username', 'email']), locale).to.not.equal('');
    }
    expect(en.identifier(['username', 'email'])).to.equal('Username or email');
    expect(en.identifier(['userId'])).to.equal('User ID');
    expect(en.identifier([])).to.equal('Username');
  });
});
