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
