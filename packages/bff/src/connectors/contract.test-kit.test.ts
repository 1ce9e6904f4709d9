/**
 * Proves the contract kit itself: a well-behaved fake connector passes it, and broken ones fail
 * the check that is meant to catch them. The fake "upstream" is a 20-line line protocol over a
 * real TCP socket (`user:password\n` → `OK <id>\n` | `NO\n`), so the closed-port and slow cases
 * are real socket behaviour.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  UpstreamError,
  type CallContext,
  type Connector,
  type PasswordInput,
  type VerifyOutcome,
} from './connector.js';
import {
  contractChecks,
  describeConnectorContract,
  type ContractAddress,
  type ContractSimulator,
  type ConnectorContractOptions,
} from './contract.test-kit.js';

async function startFakeUpstream(): Promise<ContractSimulator> {
  let scenario = 'ok';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (data) => {
      if (scenario === 'slow') return; // never answers
      if (scenario === 'garbage') return void socket.end('\u0000\u00ff%%%\n');
      const [user, password] = data.toString('utf8').trim().split(':');
      socket.end(user === 'alice' && password === 'Correct-Horse-1' ? 'OK alice\n' : 'NO\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    url: `tcp://127.0.0.1:${port}`,
    outbox: [],
    setScenario: (name) => void (scenario = name),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends one line, reads one line; maps socket trouble to UpstreamError as connector.ts requires. */
function exchange(address: ContractAddress, line: string, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address.port, address.host);
    let reply = '';
    const onAbort = () => {
      socket.destroy();
      reject(new UpstreamError('timeout', 'fake upstream did not answer in time'));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      socket.write(line);
    });
    socket.on('data', (chunk) => (reply += chunk.toString('utf8')));
    socket.on('end', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(reply.trim());
    });
    socket.on('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(
        new UpstreamError('unavailable', 'fake upstream refused the connection', {
          cause: error,
          notSent: !connected,
        }),
      );
    });
  });
}

type Flaw =
  | 'none'
  | 'throws-on-wrong-password'
  | 'leaks-password'
  | 'wrong-provider'
  | 'ignores-signal'
  | 'accepts-garbage'
  | 'close-throws-twice';

function fakeConnector(address: ContractAddress, flaw: Flaw = 'none'): Connector {
  let closed = false;
  return {
    type: 'fake-line',
    async password(input: PasswordInput, ctx: CallContext): Promise<VerifyOutcome> {
      const signal = flaw === 'ignores-signal' ? new AbortController().signal : ctx.signal;
      const reply = await exchange(address, `${input.identifier}:${input.password}\n`, signal);
      if (reply.startsWith('OK ')) {
        const user = { id: reply.slice(3), provider: flaw === 'wrong-provider' ? 'other' : 'fake-line' };
        return { ok: true, user: flaw === 'leaks-password' ? { ...user, attributes: { pw: input.password } } : user };
      }
      if (reply === 'NO') {
        if (flaw === 'throws-on-wrong-password') throw new Error('bad password');
        return { ok: false, reason: 'invalid_credentials', detail: 'NO' };
      }
      if (flaw === 'accepts-garbage') return { ok: false, reason: 'invalid_credentials' };
      throw new UpstreamError('bad_response', 'fake upstream answered something unparseable');
    },
    async ready(ctx) {
      await exchange(address, 'ping:ping\n', ctx.signal);
    },
    close() {
      if (closed && flaw === 'close-throws-twice') return Promise.reject(new Error('already closed'));
      closed = true;
      return Promise.resolve();
    },
  };
}

function optionsFor(flaw: Flaw): ConnectorContractOptions {
  return {
    name: `fake (${flaw})`,
    method: 'password',
    setup: async () => {
      const simulator = await startFakeUpstream();
      return { simulator, connector: fakeConnector(simulator, flaw) };
    },
    connectorFor: (address) => fakeConnector(address, flaw),
    valid: { identifier: 'alice', password: 'Correct-Horse-1' },
    invalid: { identifier: 'alice', password: 'wrong-one' },
    expectedUser: { id: 'alice' },
    faults: { slow: 'slow', garbage: 'garbage' },
  };
}

// 1. A well-behaved connector passes the whole suite (as a real connector's test would call it).
describeConnectorContract(optionsFor('none'));

// 2. Each flaw makes exactly the check meant for it fail.
describe('the contract kit catches broken connectors', () => {
  let simulator: ContractSimulator;
  beforeAll(async () => void (simulator = await startFakeUpstream()));
  afterAll(() => simulator.close());

  const cases: Array<[Flaw, RegExp]> = [
    ['throws-on-wrong-password', /wrong credentials/],
    ['leaks-password', /valid credentials/],
    ['wrong-provider', /valid credentials/],
    ['ignores-signal', /slow upstream/],
    ['accepts-garbage', /garbage/],
    ['close-throws-twice', /idempotent/],
  ];
  it.each(cases)('%s fails the matching check', async (flaw, title) => {
    const checks = contractChecks(optionsFor(flaw));
    const check = checks.find((c) => title.test(c.title));
    expect(check, `no check titled ${title}`).toBeDefined();
    simulator.setScenario('ok');
    const env = { simulator, connector: fakeConnector(simulator, flaw) };
    await expect(check!.run(env)).rejects.toThrow();
    simulator.setScenario('ok');
    // ...and the same check passes for the well-behaved connector on the same upstream.
    const good = contractChecks(optionsFor('none')).find((c) => title.test(c.title))!;
    await good.run({ simulator, connector: fakeConnector(simulator) });
    simulator.setScenario('ok');
  });
});
