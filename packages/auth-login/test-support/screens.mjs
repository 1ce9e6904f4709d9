#!/usr/bin/env node
// Serves dist/auth-login.js on a page with a strict Content-Security-Policy (no 'unsafe-inline',
// no 'unsafe-eval'), with the test BFF at /auth, and screenshots the widget's states at phone and
// desktop widths in both colour schemes. Fails if the browser reports any CSP violation.
// Usage: node test-support/screens.mjs [outdir]   (run `node scripts/build.mjs` first; outdir defaults to
// $SCREENS_DIR, else .artifacts/screens at the repository root)
import { chromium } from 'playwright-core';
import { CSP, outDir, startPageServer } from './screens-kit.mjs';

const out = outDir();
const site = await startPageServer();
const { origin } = site;

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const violations = [];
const widths = { small: [320, 640], phone: [390, 760], desktop: [1280, 800] };
let phoneN = 0;
let n = 0;

async function shot(name, { width, scheme, lang, dir, setup }) {
  const context = await browser.newContext({
    viewport: { width: widths[width][0], height: widths[width][1] },
    colorScheme: scheme,
    deviceScaleFactor: 2,
  });
  const page = await context.newPage();
  page.on(
    'console',
    (m) => (
      process.env.DEBUG && console.log(m.text()),
      /Content.Security.Policy/i.test(m.text()) && violations.push(`${name}: ${m.text()}`)
    ),
  );
  if (process.env.DEBUG) page.on('response', (r) => r.status() >= 400 && console.log(r.status(), r.url()));
  page.on('pageerror', (e) => violations.push(`${name}: ${e.message}`));
  await page.goto(`${origin}/`);
  await page.evaluate(
    ([l, d]) => {
      if (l) document.documentElement.lang = l;
      if (d) document.documentElement.dir = d;
    },
    [lang, dir],
  );
  await page.locator('auth-login section[aria-busy=false]').waitFor();
  if (setup) await setup(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/${name}.png` });
  await context.close();
}

const signIn = async (page, user, password) => {
  await page.locator('auth-login input[name=username]').first().fill(user);
  await page.locator('auth-login input[name=password]').fill(password);
  await page.locator('auth-login .panel:not([hidden]) button.primary').click(); // any language
};
const states = {
  password: undefined,
  error: async (page) => {
    await signIn(page, `nobody-${n++}`, 'wrong-password');
    await page.locator('auth-login [part=error]').waitFor();
  },
  captcha: async (page) => {
    await signIn(page, `captcha-${n++}`, 'captcha-password1');
    await page.locator('auth-login [part=captcha-image]').waitFor();
  },
  phone: async (page) => {
    await page.getByRole('tab', { name: 'Phone code' }).click();
    await page.getByLabel('Phone number').fill(`+1555010${phoneN++}`);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByLabel('Verification code').waitFor();
  },
  pending: async (page) => signIn(page, 'slow', 'slow-password1'), // the stub answers after 1.5 s
  otp: (page) => page.getByRole('tab', { name: 'OTP' }).click(),
  signedin: async (page) => {
    await signIn(page, 'alice', 'alice-password1');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  },
};

try {
  for (const width of ['phone', 'desktop'])
    for (const scheme of ['light', 'dark'])
      for (const [state, setup] of Object.entries(states))
        await shot(`${width}-${scheme}-${state}`, { width, scheme, setup });
  // The tab labels on one line in every locale (tabs-layout.test.ts), and the tab list wrapped
  // onto two rows in a card narrower than the labels (320px phone, French, last tab selected).
  for (const width of ['phone', 'desktop'])
    for (const scheme of ['light', 'dark'])
      for (const [lang, tag] of [
        ['fr', 'fr'],
        ['zh-CN', 'zh'],
      ])
        await shot(`${width}-${scheme}-tabs-${tag}`, { width, scheme, lang });
  await shot('small-light-fr-last-tab', {
    width: 'small',
    scheme: 'light',
    lang: 'fr',
    setup: (page) => page.locator('auth-login [role=tab]').last().click(),
  });
  await shot('phone-light-fr', { width: 'phone', scheme: 'light', lang: 'fr' });
  await shot('phone-light-zh', { width: 'phone', scheme: 'light', lang: 'zh-CN', setup: states.error });
  await shot('phone-dark-rtl', { width: 'phone', scheme: 'dark', dir: 'rtl', setup: states.error });
  // RTL: the phone number and the code are typed left to right (dir="ltr"), labels stay RTL.
  await shot('phone-light-rtl-phone', { width: 'phone', scheme: 'light', dir: 'rtl', setup: states.phone });
  // OTP against the real DIGIPASS connector with a default domain: the Domain field, filled in.
  await shot('phone-light-otp-domain', {
    width: 'phone',
    scheme: 'light',
    setup: async (page) => {
      await page.locator('auth-login').evaluate((el) => el.setAttribute('endpoint', '/dp'));
      await page.getByLabel('Domain').waitFor();
    },
  });
} finally {
  await browser.close();
  await site.close();
}
if (violations.length) {
  console.error(`CSP violations:\n${violations.join('\n')}`);
  process.exit(1);
}
console.log(`screenshots in ${out}; no CSP violation under: ${CSP}`);
