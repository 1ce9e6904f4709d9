#!/usr/bin/env node
// auth-sim: starts the identity-system simulators, prints each address and its demo accounts,
// and runs until Ctrl-C (or SIGTERM). Uses the BUILT package (`pnpm build` first).
//
//   auth-sim                                  all simulators, free ports
//   auth-sim --only broadworks-oci,vzl-agent  a subset
//   auth-sim --port-base 2208                 each on 2208 + its offset (see src/registry.ts)
//   auth-sim --port broadworks-oci=2208       one simulator's port
//   auth-sim --scenario broadworks-oci=slow   one simulator's scenario
//   auth-sim --host 0.0.0.0 --json            listen address; print one JSON line instead of the banner
import { parseArgs } from 'node:util';

const USAGE =
  'usage: auth-sim [--only a,b] [--port-base N] [--port name=N]... [--scenario name=S]... [--host H] [--json]';

let args;
try {
  args = parseArgs({
    options: {
      only: { type: 'string' },
      'port-base': { type: 'string' },
      port: { type: 'string', multiple: true },
      scenario: { type: 'string', multiple: true },
      host: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

function pairs(list, what, asNumber) {
  const out = {};
  for (const item of list ?? []) {
    const [name, value] = item.split('=');
    if (!name || value === undefined || (asNumber && !/^\d+$/.test(value))) {
      console.error(`--${what} wants name=${asNumber ? 'PORT' : 'VALUE'}, got "${item}"\n${USAGE}`);
      process.exit(2);
    }
    out[name] = asNumber ? Number(value) : value;
  }
  return out;
}

if (args['port-base'] !== undefined && !/^\d+$/.test(args['port-base'])) {
  console.error(`--port-base wants a number\n${USAGE}`);
  process.exit(2);
}

let mod;
try {
  mod = await import('../dist/registry.js');
} catch {
  console.error('auth-sim: the simulators are not built yet; run `pnpm build` first.');
  process.exit(1);
}

let started;
try {
  started = await mod.startSimulators({
    ...(args.only
      ? {
          only: args.only
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        }
      : {}),
    ...(args.host ? { host: args.host } : {}),
    ...(args['port-base'] !== undefined ? { portBase: Number(args['port-base']) } : {}),
    ports: pairs(args.port, 'port', true),
    scenarios: pairs(args.scenario, 'scenario', false),
  });
} catch (e) {
  console.error(`auth-sim: ${e.message}`);
  process.exit(1);
}

if (args.json) {
  console.log(
    JSON.stringify(
      started.simulators.map(({ entry, sim }) => ({
        name: entry.name,
        url: sim.url,
        host: sim.host,
        port: sim.port,
        ...(sim.soapUrl ? { soapUrl: sim.soapUrl } : {}),
        demoAccounts: entry.demoAccounts,
      })),
    ),
  );
} else {
  console.log(`auth-sim: ${started.simulators.length} simulator(s) running (Ctrl-C to stop)\n`);
  console.log(mod.formatBanner(started));
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await started.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
