#!/usr/bin/env node
// Screenshots of the accessibility states (status line, pending, captcha way out, selected-tab
// marker, tabs wrapping at 320px, signed in) in Chromium AND Firefox (firefox-esr over WebDriver
// BiDi), light and dark, 320px and desktop, on the strict-CSP page with the test BFF.
// Usage: node test-support/a11y-screens.mjs [outdir]   (after `node scripts/build.mjs`; outdir
// defaults to $SCREENS_DIR/a11y, else .artifacts/screens/a11y at the repository root)
import { clickText, fill, outDir, shootInBothBrowsers, startPageServer, waitRoot } from './screens-kit.mjs';

const out = outDir('a11y');
const statusIs = (page, re) =>
  page.waitForFunction(
    `new RegExp(${JSON.stringify(re.source)}).test(document.querySelector('auth-login').shadowRoot.querySelector('.panel:not([hidden]) [role=status]')?.textContent ?? '')`,
    { timeout: 10000 },
  );

let n = 0;
const states = {
  'tabs-en': async () => {},
  'tabs-fr': (page) => page.evaluate(() => (document.documentElement.lang = 'fr')),
  'tabs-zh': (page) => page.evaluate(() => (document.documentElement.lang = 'zh-CN')),
  // A custom accent per scheme, as a site would pick one (the same pair as wcag.test.ts).
  'tab-accent': (page) =>
    page.evaluate(() => {
      const el = document.querySelector('auth-login');
      el.style.setProperty('--auth-login-color-primary', el.theme === 'dark' ? '#f0b429' : '#0a6e31');
    }),
  'captcha-way-out': async (page) => {
    await fill(page, '.panel:not([hidden]) input[name=username]', `captcha-${Date.now()}-${n++}`);
    await fill(page, '.panel:not([hidden]) input[name=password]', 'captcha-password1');
    await clickText(page, 'button', 'Sign in');
    await waitRoot(page, (r) => r.querySelector('[part=captcha-image]')?.naturalWidth > 0);
  },
  'signing-in': async (page) => {
    await fill(page, '.panel:not([hidden]) input[name=username]', 'slow');
    await fill(page, '.panel:not([hidden]) input[name=password]', 'slow-password1');
    await clickText(page, 'button', 'Sign in');
    await statusIs(page, /Signing in/);
  },
  'sending-code': async (page) => {
    await clickText(page, '[role=tab]', 'Phone code');
    await fill(page, '.panel:not([hidden]) input[name=phone]', `+1555${Date.now() % 100000}${n++}999`); // the stub answers after 1 s
    await clickText(page, 'button', 'Send code');
    await statusIs(page, /Sending code/);
  },
  'code-sent': async (page) => {
    await clickText(page, '[role=tab]', 'OTP');
    await fill(page, '.panel:not([hidden]) input[name=username]', `carol+${Date.now()}-${n++}@example.com`); // a fresh address: no 429
    await clickText(page, 'button', 'Send code');
    await statusIs(page, /Code sent/);
  },
  'can-resend': async (page) => {
    await clickText(page, '[role=tab]', 'Phone code');
    await fill(page, '.panel:not([hidden]) input[name=phone]', `+1555${Date.now() % 100000}${n++}`);
    await clickText(page, 'button', 'Send code');
    await statusIs(page, /new code\./);
  },
  'signed-in': async (page) => {
    await fill(page, '.panel:not([hidden]) input[name=username]', 'alice');
    await fill(page, '.panel:not([hidden]) input[name=password]', 'alice-password1');
    await clickText(page, 'button', 'Sign in');
    await waitRoot(page, (r) => r.activeElement?.id === 'who');
  },
};

const site = await startPageServer();
const { origin } = site;
try {
  const files = await shootInBothBrowsers({
    name: 'a11y',
    origin,
    out,
    states,
    widths: { w320: [320, 700], desktop: [1280, 800] },
    ready: (page) => waitRoot(page, (r) => r.querySelector('[aria-busy=false] [role=tab]')),
    skip: (width, state) => width === 'desktop' && state.startsWith('tabs-') && state !== 'tabs-en',
  });
  console.log(`${files.length} screenshots in ${out}`);
} finally {
  await site.close();
}
