#!/usr/bin/env node
// Makes sure the system tools the tests need are present: Chromium and Firefox ESR (browser
// tests), redis-server (scale-out tests) and Japanese and simplified Chinese fonts (the widget's layout tests in
// ja and zh-CN measure real glyphs, not empty boxes). No test tool downloads a browser: we use the
// system ones.
// When one is missing and we are root on Debian/Ubuntu, install it with apt (saying so);
// otherwise stop with one line naming what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findExecutable } from './find-executable.mjs';

const needs = [
  {
    what: 'Chromium',
    env: 'CHROME_PATH',
    names: ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'],
    apt: 'chromium',
  },
  { what: 'Firefox', env: 'FIREFOX_PATH', names: ['firefox-esr', 'firefox'], apt: 'firefox-esr' },
  { what: 'redis-server', env: 'REDIS_SERVER_PATH', names: ['redis-server'], apt: 'redis-server' },
  {
    what: 'a CJK font',
    env: 'CJK_FONT_PATH',
    files: ['/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf', '/usr/share/fonts/truetype/fonts-japanese-gothic.ttf'],
    apt: 'fonts-ipafont-gothic',
  },
  {
    // IPA Gothic is Japanese: it lacks simplified Chinese glyphs (验, 证, 码 showed as boxes in zh-CN).
    what: 'a simplified Chinese font',
    env: 'CJK_SC_FONT_PATH',
    files: ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'],
    apt: 'fonts-wqy-microhei',
  },
];

const found = (n) =>
  n.files
    ? [process.env[n.env], ...n.files].some((f) => f && existsSync(f))
    : findExecutable(n.names, process.env[n.env]);
const missing = needs.filter((n) => !found(n));
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/etc/debian_version') && spawnSync('apt-get', ['--version']).status === 0;
const packages = missing.map((n) => n.apt);
if (!isRoot || !hasApt) {
  console.error(
    `auth-login tests need ${missing.map((n) => n.what).join(' and ')}: install ${packages.join(' ')} (Debian/Ubuntu: sudo apt-get install -y ${packages.join(' ')}), or set ${missing.map((n) => n.env).join('/')} to its path.`,
  );
  process.exit(1);
}
console.log(
  `auth-login: ${missing.map((n) => n.what).join(' and ')} not found; installing Debian's ${packages.join(' ')} with apt-get (a few minutes, once).`,
);
const apt = (args) =>
  execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
apt(['update']);
apt(['install', '-y', '--no-install-recommends', ...packages]);
const still = needs.filter((n) => !found(n));
if (still.length) {
  console.error(`auth-login: ${still.map((n) => n.what).join(' and ')} still not found after apt-get install.`);
  process.exit(1);
}
