/**
 * Every simulator the CLI (`bin/auth-sim.js`) and the demo can start, one entry each.
 * To add yours, append ONE entry to `simulatorRegistry`:
 *
 *   { name: 'vzl-agent', portOffset: 2, demoAccounts: vzlDemoAccounts,
 *     start: (o) => startVzlAgentSimulator(o) },
 *
 * - `portOffset`: with `--port-base N` the simulator listens on N + portOffset (keep them distinct;
 *   broadworks-oci takes 0 for OCI-P/TCP and 1 for its SOAP endpoint).
 * - `describe(sim)`: optional extra lines for the banner (a second address, ...).
 * - `start` gets `onSend` when the simulator "sends" codes (SMS / email): pass it on, so the CLI can
 *   print each code and serve it on its inbox URL.
 */
import { broadworksDemoAccounts, startBroadworksSimulator, type BroadworksSimulator } from './broadworks-oci/index.js';
import { startVzlSimulator, vzlDemoAccounts } from './vzl-agent/index.js';
import { authingDemoAccounts, startAuthingSimulator, type RunningAuthingSimulator } from './authing/index.js';
import { DIGIPASS_DEMO_API_KEY, digipassDemoAccounts, startDigipassSimulator } from './digipass-gateway/index.js';
import { openiamDemoAccounts, startOpenIamSimulator } from './openiam/index.js';
import type { DemoAccount, OutboxMessage, RunningSimulator } from './types.js';

/**
 * The CLI's default `--port-base`: fixed, documented ports for local development (README "Local
 * development with the simulators"), clear of each other and of the real systems' usual ports
 * (OCI-P 2208/2209, Virtuozzo agent 4433/4434, HTTP(S) 80/443/8080/8443, DIGIPASS 11080).
 *
 *   17200 broadworks-oci (OCI-P/TCP, plain)   17201 its SOAP endpoint   17202 vzl-agent (plain)
 *   17205 authing   17206 openiam   17207 digipass-gateway   17209 the CLI's code inbox
 */
export const DEFAULT_PORT_BASE = 17200;
/** The CLI's inbox (`GET /inbox`, every code sent) listens on portBase + this. */
export const INBOX_PORT_OFFSET = 9;

export interface SimulatorEntry {
  name: string;
  portOffset: number;
  demoAccounts: DemoAccount[];
  start(options: {
    host: string;
    port: number;
    scenario?: string;
    onSend?: (message: OutboxMessage) => void;
  }): Promise<RunningSimulator>;
  describe?(sim: RunningSimulator): string[];
}

export const simulatorRegistry: SimulatorEntry[] = [
  {
    name: 'broadworks-oci',
    portOffset: 0,
    demoAccounts: broadworksDemoAccounts,
    start: (o) => startBroadworksSimulator({ ...o, soapPort: o.port === 0 ? 0 : o.port + 1 }),
    describe: (sim) => [`SOAP  ${(sim as BroadworksSimulator).soapUrl ?? '(off)'}`],
  },
  { name: 'vzl-agent', portOffset: 2, demoAccounts: vzlDemoAccounts, start: (o) => startVzlSimulator(o) },
  {
    name: 'authing',
    portOffset: 5,
    demoAccounts: authingDemoAccounts,
    start: (o) => startAuthingSimulator(o),
    describe: (sim) => [
      `appId ${(sim as RunningAuthingSimulator).appId}  userPoolId ${(sim as RunningAuthingSimulator).userPoolId}`,
    ],
  },
  {
    name: 'digipass-gateway',
    portOffset: 7,
    demoAccounts: digipassDemoAccounts,
    start: (o) => startDigipassSimulator(o),
    describe: () => [`front-end API key: ${DIGIPASS_DEMO_API_KEY} (Basic auth, as password or as user)`],
  },
  {
    name: 'openiam',
    portOffset: 6,
    demoAccounts: openiamDemoAccounts,
    start: (o) => startOpenIamSimulator(o),
    describe: () => ['codes "sent" by email/SMS are printed here and listed at the inbox URL'],
  },
];

export interface StartSimulatorsOptions {
  /** Names to start (default: all). */
  only?: string[];
  host?: string;
  /** Each simulator listens on portBase + its portOffset; without it, on a free port. */
  portBase?: number;
  /** Per-simulator port, wins over portBase. */
  ports?: Record<string, number>;
  /** Per-simulator scenario (default `ok`). */
  scenarios?: Record<string, string>;
  /** Called with every code a started simulator "sends" (with the simulator's name). */
  onSend?: (name: string, message: OutboxMessage) => void;
  registry?: SimulatorEntry[];
}

export interface StartedSimulators {
  simulators: { entry: SimulatorEntry; sim: RunningSimulator }[];
  close(): Promise<void>;
}

/** Starts the chosen simulators; if one fails, closes the ones already started and rethrows. */
export async function startSimulators(o: StartSimulatorsOptions = {}): Promise<StartedSimulators> {
  const registry = o.registry ?? simulatorRegistry;
  const unknown = (o.only ?? []).filter((n) => !registry.some((e) => e.name === n));
  if (unknown.length)
    throw new Error(`unknown simulator(s): ${unknown.join(', ')} (known: ${registry.map((e) => e.name).join(', ')})`);
  const chosen = registry.filter((e) => !o.only || o.only.includes(e.name));
  const started: StartedSimulators['simulators'] = [];
  const close = async (): Promise<void> => {
    await Promise.allSettled(started.map((s) => s.sim.close()));
  };
  try {
    for (const entry of chosen) {
      const port = o.ports?.[entry.name] ?? (o.portBase !== undefined ? o.portBase + entry.portOffset : 0);
      const scenario = o.scenarios?.[entry.name];
      const onSend = o.onSend;
      const sim = await entry.start({
        host: o.host ?? '127.0.0.1',
        port,
        ...(scenario ? { scenario } : {}),
        ...(onSend ? { onSend: (m: OutboxMessage) => onSend(entry.name, m) } : {}),
      });
      started.push({ entry, sim });
    }
  } catch (e) {
    await close();
    throw e;
  }
  return { simulators: started, close };
}

/** The banner the CLI prints: each address and its demo accounts. */
export function formatBanner(started: StartedSimulators): string {
  const lines: string[] = [];
  for (const { entry, sim } of started.simulators) {
    lines.push(`${entry.name.padEnd(18)} ${sim.url}`);
    for (const extra of entry.describe?.(sim) ?? []) lines.push(`${''.padEnd(18)} ${extra}`);
    for (const a of entry.demoAccounts) lines.push(`${''.padEnd(20)}${a.identifier} / ${a.secret}  — ${a.note}`);
    lines.push('');
  }
  return lines.join('\n');
}
