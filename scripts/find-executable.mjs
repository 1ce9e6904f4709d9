// Finds a system executable: an explicit path from the environment first, then each name on PATH.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export function findExecutable(names, explicitPath) {
  const candidates = explicitPath ? [explicitPath] : [];
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of names) candidates.push(join(dir, name));
  }
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The system Chromium that browser tests drive (never a downloaded one). */
export function chromiumPath() {
  const path = findExecutable(
    ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'],
    process.env.CHROME_PATH,
  );
  if (!path) throw new Error('Chromium not found: run `node scripts/setup.mjs --check` or set CHROME_PATH.');
  return path;
}

/** Flags for headless Chromium on a closed network, as root (docs/development.md §2). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The system Firefox (Debian's firefox-esr), driven over WebDriver BiDi; never a downloaded one. */
export function firefoxPath() {
  const path = findExecutable(['firefox-esr', 'firefox'], process.env.FIREFOX_PATH);
  if (!path) throw new Error('Firefox not found: install firefox-esr or set FIREFOX_PATH.');
  return path;
}

/**
 * puppeteer-core launch options for headless Firefox as root: a fresh, writable profile directory
 * (root's HOME may not be) and MOZ_HEADLESS so no display is needed.
 */
export function firefoxLaunchOptions(profileDir) {
  return {
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: profileDir,
    env: { ...process.env, MOZ_HEADLESS: '1', HOME: profileDir },
    extraPrefsFirefox: {
      // No network beyond loopback: no updates, telemetry or remote settings at start-up.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.dns.disablePrefetch': true,
    },
  };
}
