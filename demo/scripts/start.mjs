#!/usr/bin/env node
/**
 * `pnpm demo` (README line 1): every simulator, one BFF per preset and the Vite site on one port,
 * with no configuration. PORT overrides the port (default 5173; the next free one if taken).
 * Ctrl-C / SIGTERM closes everything it started (Vite, BFF connectors, simulators, the port).
 */
import { startDemo } from './demo-server.mjs';

const requested = process.env.PORT ? Number(process.env.PORT) : 5173;
if (!Number.isInteger(requested) || requested < 0 || requested > 65_535) {
  console.error(`PORT must be a port number (0-65535), got "${process.env.PORT}"`);
  process.exit(2);
}

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[22m` : s);

let demo;
try {
  demo = await startDemo({ port: requested });
} catch (err) {
  console.error(`The demo could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(dim(`\n  ${signal}: stopping the demo…`));
  const timer = setTimeout(() => {
    console.error('  Did not stop within 5 s; exiting anyway.');
    process.exit(1);
  }, 5000);
  timer.unref();
  await demo.close();
  process.exit(0);
}
// Registered before the banner: a Ctrl-C right after it must already be handled.
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const lines = ['', `  ${bold('auth-login demo')}  ${demo.url}`];
if (demo.port !== requested && requested !== 0) lines.push(dim(`  (port ${requested} was taken; using ${demo.port})`));
lines.push('');
for (const preset of demo.presets) {
  lines.push(`  ${bold(preset.label.padEnd(16))} ${demo.url}?preset=${preset.id}`);
  if (!preset.available) {
    lines.push(`    ${dim(preset.note ?? 'not available')}`);
    continue;
  }
  for (const tab of preset.tabs) {
    for (const a of tab.accounts) {
      const who = a.identifier ? `${a.identifier} / ` : '';
      const what =
        tab.delivery === 'inbox' ? "code in the page's inbox" : a.mint ? 'token shown in the page' : a.secret;
      lines.push(`    ${tab.tabName.padEnd(11)} ${who}${what}  ${dim(`(${tab.system})`)}`);
    }
  }
}
lines.push('', dim('  Plain-HTTP demo: the session cookies are not Secure here (session.cookie.secure: false).'));
if (demo.missingSimulators.length)
  lines.push('', dim(`  Simulators not built yet: ${demo.missingSimulators.join(', ')}`));
lines.push('', dim('  Press Ctrl-C to stop.'), '');
console.log(lines.join('\n'));
