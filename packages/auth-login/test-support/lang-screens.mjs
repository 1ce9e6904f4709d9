#!/usr/bin/env node
// Screenshots of the card in German, Spanish, Japanese, Brazilian Portuguese and Arabic (Chromium,
// 320px and desktop, light and dark) on the strict-CSP page with the test BFF: the form with a
// sign-in error, and for Arabic (right to left) the code-sent, captcha, signed-in and last-tab states;
// and in French, Arabic and English (390px and desktop) the phone tab with its country selector.
// Usage: [ONLY=country] node test-support/lang-screens.mjs [outdir]   (after `node scripts/build.mjs`; outdir
// defaults to $SCREENS_DIR/lang, else .artifacts/screens/lang at the repository root)
import { chromium } from 'playwright-core';
import { outDir, startPageServer } from './screens-kit.mjs';
import { chromiumPath } from '../../../scripts/find-executable.mjs';

const out = outDir('lang');
const site = await startPageServer();
const { origin } = site;

const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
const widths = { small: [320, 640], phone: [390, 760], desktop: [1280, 800] };
const problems = [];
let n = 0;

async function shot(name, { width, scheme, lang, setup }) {
  const context = await browser.newContext({
    viewport: { width: widths[width][0], height: widths[width][1] },
    colorScheme: scheme,
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  page.on(
    'console',
    (m) => /Content.Security.Policy|did not load/i.test(m.text()) && problems.push(`${name}: ${m.text()}`),
  );
  page.on('pageerror', (e) => problems.push(`${name}: ${e.message}`));
  await page.goto(`${origin}/`);
  await page.evaluate((l) => (document.documentElement.lang = l), lang);
  await page.locator(`auth-login section[lang="${lang}"][aria-busy=false]`).waitFor();
  try {
    if (setup) await setup(page);
  } catch (e) {
    problems.push(`${name}: ${e.message.split('\n')[0]}`); // the screenshot shows what went wrong
  }
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/${name}.png` });
  await context.close();
}

const primary = (page) => page.locator('auth-login .panel:not([hidden]) button.primary');
const signIn = async (page, user, password) => {
  await page.locator('auth-login input[name=username]').first().fill(user);
  await page.locator('auth-login input[name=password]').fill(password);
  await primary(page).click();
};
const states = {
  error: async (page) => {
    await signIn(page, `nobody-${n++}`, 'wrong-password');
    await page.locator('auth-login [part=error]').waitFor();
  },
  phone: async (page) => {
    await page.locator('auth-login [role=tab]').nth(1).click();
    await page
      .locator('auth-login .panel:not([hidden]) input')
      .first()
      .fill(`+1555020${n++ % 10}`);
    await primary(page).click();
    await page.locator('auth-login .panel:not([hidden]) [autocomplete=one-time-code]').waitFor();
  },
  captcha: async (page) => {
    await signIn(page, `captcha-${n++}`, 'captcha-password1');
    await page.locator('auth-login [part=captcha-image]').waitFor();
  },
  signedin: async (page) => {
    await signIn(page, 'alice', 'alice-password1');
    await page.locator('auth-login [part=user-name]').waitFor();
  },
  lasttab: (page) => page.locator('auth-login [role=tab]').last().click(),
  // The phone tab with its country selector (a chunk of its own) and a national number typed.
  country: async (page) => {
    await page.locator('auth-login [role=tab]').nth(1).click();
    await page.locator('auth-login .panel:not([hidden]) select').waitFor();
    await page.locator('auth-login .panel:not([hidden]) input[type=tel]').fill('06 12 34 56 78');
  },
};

try {
  for (const lang of process.env.ONLY ? [] : ['de', 'es', 'ja', 'pt-BR', 'ar'])
    for (const width of ['small', 'desktop'])
      for (const scheme of ['light', 'dark'])
        await shot(`${lang}-${width}-${scheme}-error`, { width, scheme, lang, setup: states.error });
  for (const state of process.env.ONLY ? [] : ['phone', 'captcha', 'signedin', 'lasttab'])
    for (const scheme of ['light', 'dark'])
      await shot(`ar-small-${scheme}-${state}`, { width: 'small', scheme, lang: 'ar', setup: states[state] });
  // ONLY=country: just these.
  for (const lang of ['fr', 'ar', 'en'])
    for (const width of ['phone', 'desktop'])
      for (const scheme of ['light', 'dark'])
        await shot(`${lang}-${width}-${scheme}-country`, { width, scheme, lang, setup: states.country });
} finally {
  await browser.close();
  await site.close();
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`screenshots in ${out}`);
