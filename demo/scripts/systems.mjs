/**
 * Starts every identity-system simulator the simulators package offers, each on a free port.
 * A simulator that is not there (yet) is reported as missing, not fatal: the demo still starts
 * with the presets it can serve (the UI says which ones are unavailable and why).
 */
import * as simulatorsPackage from '@auth-login/simulators';

/**
 * The systems the demo knows, by the words in their export names
 * (`start<Name>Simulator`, `<name>DemoAccounts`: packages/simulators/README.md).
 */
export const SYSTEMS = [
  {
    key: 'broadworks',
    label: 'BroadWorks OCI-P',
    match: /^startbroadworks\w*simulator$/i,
    accounts: /^broadworks\w*demoaccounts$/i,
  },
  {
    key: 'vzl',
    label: 'Virtuozzo (VZL agent)',
    match: /^start(vzl|virtuozzo)\w*simulator$/i,
    accounts: /^(vzl|virtuozzo)\w*demoaccounts$/i,
  },
  {
    key: 'digipass',
    label: 'OneSpan DIGIPASS Gateway',
    match: /^startdigipass\w*simulator$/i,
    accounts: /^digipass\w*demoaccounts$/i,
  },
  { key: 'authing', label: 'Authing', match: /^startauthing\w*simulator$/i, accounts: /^authing\w*demoaccounts$/i },
  { key: 'openiam', label: 'OpenIAM', match: /^startopeniam\w*simulator$/i, accounts: /^openiam\w*demoaccounts$/i },
];

function findExport(pkg, pattern) {
  const name = Object.keys(pkg).find((k) => pattern.test(k));
  return name ? pkg[name] : undefined;
}

/**
 * @param {{ host?: string, pkg?: Record<string, unknown>, options?: Record<string, object> }} [opts]
 *   `options[key]`: extra start options for one system (e.g. this run's DIGIPASS API key).
 * @returns {Promise<{ running: Map<string, { system: typeof SYSTEMS[number], sim: any, accounts: any[] }>,
 *                     missing: string[], close(): Promise<void> }>}
 */
export async function startSimulators({ host = '127.0.0.1', pkg = simulatorsPackage, options = {} } = {}) {
  const running = new Map();
  const missing = [];
  try {
    for (const system of SYSTEMS) {
      const start = findExport(pkg, system.match);
      if (typeof start !== 'function') {
        missing.push(system.key);
        continue;
      }
      const sim = await start({ port: 0, host, ...options[system.key] });
      const accounts = findExport(pkg, system.accounts) ?? [];
      running.set(system.key, { system, sim, accounts });
    }
  } catch (err) {
    await Promise.allSettled([...running.values()].map((r) => r.sim.close()));
    throw err;
  }
  return {
    running,
    missing,
    async close() {
      await Promise.allSettled([...running.values()].map((r) => r.sim.close()));
    },
  };
}

/**
 * Every code the simulators "sent" by SMS or email, newest first: what the demo's inbox shows.
 * These are simulated messages to demo accounts, shown on purpose; no real secret is involved.
 */
export function readInbox(running, limit = 30) {
  const messages = [];
  for (const { system, sim } of running.values()) {
    for (const [index, m] of (sim.outbox ?? []).entries()) {
      messages.push({
        id: `${system.key}-${index}`,
        system: system.label,
        channel: m.channel,
        to: m.to,
        code: m.code,
        text: m.text,
        at: m.at,
      });
    }
  }
  return messages.sort((a, b) => b.at - a.at).slice(0, limit);
}
