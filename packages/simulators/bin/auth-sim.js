#!/usr/bin/env node
// auth-sim: starts the identity-system simulators, prints each address and its demo accounts,
// prints every code they "send" (SMS / email) and lists them at a loopback inbox URL
// (GET http://127.0.0.1:17209/inbox, JSON, newest first), and runs until Ctrl-C (or SIGTERM).
// Uses the BUILT package (`pnpm build` first).
//
//   auth-sim                                  all simulators on the fixed default ports:
//                                             17200 broadworks-oci (SOAP 17201), 17202 vzl-agent,
//                                             17205 authing, 17206 openiam, 17207 digipass-gateway,
//                                             17209 the inbox
//   auth-sim --only broadworks-oci,vzl-agent  a subset
//   auth-sim --port-base 27200                each on 27200 + its offset (see src/registry.ts)
//   auth-sim --free-ports                     every simulator and the inbox on a free port
//   auth-sim --port broadworks-oci=27200      one simulator's port
//   auth-sim --inbox-port 27209               the inbox's port
//   auth-sim --scenario broadworks-oci=slow   one simulator's scenario
//   auth-sim --host 0.0.0.0 --json            listen address (the inbox stays on 127.0.0.1);
//                                             print one JSON line instead of the banner
import { parseArgs } from 'node:util';

const USAGE =
  'usage: auth-sim [--only a,b] [--port-base N | --free-ports] [--port name=N]... [--inbox-port N]\n' +
  '                [--scenario name=S]... [--host H] [--json]\n' +
  'Default ports: 17200 broadworks-oci (SOAP 17201), 17202 vzl-agent, 17205 authing, 17206 openiam,\n' +
  '17207 digipass-gateway; codes sent: http://127.0.0.1:17209/inbox';

let args;
try {
  args = parseArgs({
    options: {
      only: { type: 'string' },
      'port-base': { type: 'string' },
      'free-ports': { type: 'boolean' },
      'inbox-port': { type: 'string' },
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

for (const key of ['port-base', 'inbox-port']) {
  if (args[key] !== undefined && !/^\d+$/.test(args[key])) {
    console.error(`--${key} wants a number\n${USAGE}`);
    process.exit(2);
  }
}
if (args['free-ports'] && args['port-base'] !== undefined) {
  console.error(`--free-ports and --port-base exclude each other\n${USAGE}`);
  process.exit(2);
}

let mod;
try {
  mod = await import('../dist/index.js');
} catch {
  console.error('auth-sim: the simulators are not built yet; run `pnpm build` first.');
  process.exit(1);
}

const portBase = args['free-ports']
  ? undefined
  : args['port-base'] !== undefined
    ? Number(args['port-base'])
    : mod.DEFAULT_PORT_BASE;
const inboxPort =
  args['inbox-port'] !== undefined
    ? Number(args['inbox-port'])
    : portBase === undefined
      ? 0
      : portBase + mod.INBOX_PORT_OFFSET;

// Every code a simulator "sends" is printed (these are simulated messages to demo accounts).
function printCode(name, m) {
  const line = `auth-sim: ${name} ${m.channel === 'sms' ? 'SMS' : 'email'} to ${m.to}: code ${m.code}`;
  if (args.json) console.log(JSON.stringify({ sent: { system: name, channel: m.channel, to: m.to, code: m.code } }));
  else console.log(line);
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
    ...(portBase !== undefined ? { portBase } : {}),
    ports: pairs(args.port, 'port', true),
    scenarios: pairs(args.scenario, 'scenario', false),
    onSend: printCode,
  });
} catch (e) {
  console.error(
    `auth-sim: ${e.message}${e.code === 'EADDRINUSE' ? ' (a port is taken: try --port-base N or --free-ports)' : ''}`,
  );
  process.exit(1);
}

let inbox;
try {
  inbox = await mod.startInbox(started, { host: '127.0.0.1', port: inboxPort });
} catch (e) {
  await started.close();
  console.error(`auth-sim: the inbox could not listen on 127.0.0.1:${inboxPort}: ${e.message}`);
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
  console.log(JSON.stringify({ inbox: inbox.url }));
} else {
  console.log(`auth-sim: ${started.simulators.length} simulator(s) running (Ctrl-C to stop)\n`);
  console.log(mod.formatBanner(started));
  console.log(`inbox              ${inbox.url}  (every code sent, JSON, newest first; also printed below)\n`);
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await inbox.close();
  await started.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
