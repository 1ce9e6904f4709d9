/**
 * The contract suite every connector runs against its simulator (docs/development.md "Code style": one suite, like
 * next-auth's `runBasicTests`). It pins down the rules written at the top of `connector.ts`:
 *
 *   - valid credentials      → `{ok: true, user}` normalised, `provider` = `connector.type`, no secret in it
 *   - wrong credentials      → `{ok: false, reason}` with the uniform reason, never a throw
 *   - a slow upstream        → `UpstreamError('timeout')` as soon as `ctx.signal` aborts
 *   - garbage from upstream  → `UpstreamError('bad_response')`
 *   - a closed port          → `UpstreamError('unavailable')` marked `notSent`; `ready()` rejects
 *   - `subjectOf` (if any)   → pure; every spelling in one `spellings` group names one subject, and
 *                              two groups name two (docs/security.md A-11)
 *   - `ready()` resolves against the simulator; `close()` is idempotent
 *
 * Use it from `connectors/<type>/<type>.contract.test.ts`:
 *
 *   describeConnectorContract({
 *     name: 'broadworks-oci (tcp)',
 *     method: 'password',
 *     setup: async () => {
 *       const simulator = await startBroadworksSimulator({ port: 0 });
 *       return { simulator, connector: connectorFor(simulator) };
 *     },
 *     connectorFor: ({ host, port, url }) => createBroadworksOciConnector(parse({ host, port, ... }), deps),
 *     valid: { identifier: 'alice', password: 'Correct-Horse-1' },
 *     invalid: { identifier: 'alice', password: 'wrong' },
 *     expectedUser: { id: 'alice@example.com' },
 *     faults: { slow: 'slow', garbage: 'garbage' },
 *   });
 *
 * For code flows `valid` may be a function: it gets `{simulator, connector, signal}`, may send a
 * code and read `simulator.outbox`, and returns `{input, state}` (state = what the send returned).
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  UpstreamError,
  type AuthUser,
  type Connector,
  type ConnectorState,
  type FailureReason,
  type UpstreamErrorKind,
  type VerifyOutcome,
} from './connector.js';
import type { MethodId } from '../methods.js';

/** The part of `RunningSimulator` (packages/simulators/src/types.ts) the kit uses. */
export interface ContractSimulator {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly outbox: ReadonlyArray<{ to: string; code: string }>;
  setScenario(name: string): void;
  close(): Promise<void>;
}

export interface ContractAddress {
  host: string;
  port: number;
  url: string;
}

export interface ContractEnv {
  simulator: ContractSimulator;
  connector: Connector;
  signal: AbortSignal;
}

export interface ContractCall {
  input: Record<string, string>;
  state?: ConnectorState;
}
export type ContractInput = Record<string, string> | ((env: ContractEnv) => Promise<ContractCall> | ContractCall);

export interface ConnectorContractOptions {
  /** Shown in the test titles. */
  name: string;
  /** The sign-in method under test. */
  method: MethodId;
  /** Starts the simulator (scenario `ok`) and a connector wired to it. */
  setup: () => Promise<{ connector: Connector; simulator: ContractSimulator; teardown?: () => Promise<void> }>;
  /** Builds a connector that talks to `address` (used with a closed port, and for close()). */
  connectorFor: (address: ContractAddress) => Connector;
  valid: ContractInput;
  invalid: ContractInput;
  /** Fields the normalised user must have (`id` at least). */
  expectedUser: Partial<AuthUser> & { id: string };
  /** Default: password → invalid_credentials, phone/otp → invalid_code, token → invalid_token. */
  invalidReason?: FailureReason;
  /** Simulator scenario names for the fault tests; omitted ones are skipped (say why in your test). */
  faults?: { slow?: string; garbage?: string };
  /** Extra values that must never appear in a user or an outcome (admin passwords, API keys). */
  secrets?: string[];
  /** How long the slow test lets the call run before aborting (default 300 ms). */
  abortAfterMs?: number;
  /**
   * Inputs of `method` grouped by the upstream identity they address (e.g. one phone number in
   * several spellings per group): `subjectOf` must name one subject per group, a different one per
   * group. Requires the connector to implement `subjectOf`.
   */
  spellings?: Array<Array<Record<string, string>>>;
}

const DEFAULT_REASON: Record<MethodId, FailureReason> = {
  password: 'invalid_credentials',
  phone: 'invalid_code',
  otp: 'invalid_code',
  token: 'invalid_token',
  mfa: 'invalid_code',
};

/** Fields of an input that are secrets (they must never come back in a user or an outcome). */
const SECRET_FIELDS = ['password', 'code', 'otp', 'token', 'captcha'];

type ConnectorMethod = (input: unknown, ctx: { signal: AbortSignal; state?: ConnectorState }) => Promise<VerifyOutcome>;

/** Calls the connector method a tab uses. */
export async function callMethod(
  connector: Connector,
  method: MethodId,
  call: ContractCall,
  signal: AbortSignal,
): Promise<VerifyOutcome> {
  if (typeof connector[method] !== 'function') throw new Error(`connector ${connector.type} has no ${method}()`);
  return (connector[method] as ConnectorMethod).call(
    connector,
    call.input,
    call.state ? { signal, state: call.state } : { signal },
  );
}

async function resolveInput(input: ContractInput, env: ContractEnv): Promise<ContractCall> {
  return typeof input === 'function' ? input(env) : { input };
}

/** A port on 127.0.0.1 that nothing listens on (listen on 0, then close). */
export async function closedPort(): Promise<ContractAddress> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { host: '127.0.0.1', port, url: `http://127.0.0.1:${port}` };
}

/** Asserts that `promise` rejects with an UpstreamError of `kind` within `withinMs`. */
export async function expectUpstreamError(
  promise: Promise<unknown>,
  kind: UpstreamErrorKind,
  withinMs: number,
): Promise<void> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`expected UpstreamError('${kind}') within ${withinMs} ms; the call hung`)),
      withinMs,
    );
  });
  const error = await Promise.race([promise, deadline])
    .then(
      () => new Error(`expected UpstreamError('${kind}'), but the call resolved`),
      (e: unknown) => e,
    )
    .finally(() => clearTimeout(timer));
  expect(error, `expected UpstreamError('${kind}'), got ${String(error)}`).toBeInstanceOf(UpstreamError);
  expect((error as UpstreamError).kind).toBe(kind);
  expect(Date.now() - started, `UpstreamError('${kind}') took too long`).toBeLessThan(withinMs);
}

function expectNoSecrets(value: unknown, call: ContractCall, extra: string[]): void {
  const text = JSON.stringify(value);
  const secrets = [...extra, ...SECRET_FIELDS.map((f) => call.input[f]).filter((s): s is string => !!s)];
  for (const secret of secrets) {
    if (secret.length >= 3) expect(text.includes(secret), 'a secret leaked into the outcome').toBe(false);
  }
}

/**
 * The checks, as plain functions so the kit's own test can run them against a broken connector
 * and see them fail. `describeConnectorContract` wraps each in an `it()`.
 */
export function contractChecks(
  options: ConnectorContractOptions,
): Array<{ title: string; run: (env: Omit<ContractEnv, 'signal'>) => Promise<void> }> {
  const { method, expectedUser, faults = {}, secrets = [] } = options;
  const reason = options.invalidReason ?? DEFAULT_REASON[method];
  const abortAfter = options.abortAfterMs ?? 300;
  const withSignal = (env: Omit<ContractEnv, 'signal'>, ms = 5_000): ContractEnv => ({
    ...env,
    signal: AbortSignal.timeout(ms),
  });

  const checks = [
    {
      title: 'valid credentials → ok with a normalised user (provider = type, no secrets)',
      run: async (base: Omit<ContractEnv, 'signal'>) => {
        const env = withSignal(base);
        const call = await resolveInput(options.valid, env);
        const outcome = await callMethod(env.connector, method, call, env.signal);
        expect(outcome.ok, `expected ok:true, got ${JSON.stringify({ ...outcome, captcha: undefined })}`).toBe(true);
        if (!outcome.ok) return;
        expect(outcome.user).toMatchObject({ ...expectedUser, provider: env.connector.type });
        expect(typeof outcome.user.id).toBe('string');
        for (const value of Object.values(outcome.user.attributes ?? {})) {
          expect(['string', 'number', 'boolean']).toContain(typeof value);
        }
        expectNoSecrets(outcome.user, call, secrets);
      },
    },
    {
      title: `wrong credentials → ok:false '${reason}' (an outcome, never a throw)`,
      run: async (base: Omit<ContractEnv, 'signal'>) => {
        for (let i = 0; i < 2; i++) {
          const env = withSignal(base);
          const call = await resolveInput(options.invalid, env);
          const outcome = await callMethod(env.connector, method, call, env.signal);
          expect(outcome.ok).toBe(false);
          if (outcome.ok) return;
          expect(outcome.reason).toBe(reason);
          expectNoSecrets({ ...outcome, captcha: undefined }, call, secrets);
        }
      },
    },
    {
      title: 'ready() resolves against the simulator',
      run: async (base: Omit<ContractEnv, 'signal'>) => {
        await expect(base.connector.ready({ signal: AbortSignal.timeout(5_000) })).resolves.toBeUndefined();
      },
    },
    {
      title: "a closed port → UpstreamError('unavailable'), and ready() rejects",
      run: async (base: Omit<ContractEnv, 'signal'>) => {
        const connector = options.connectorFor(await closedPort());
        try {
          // The input is prepared against the simulator (a code flow may send a code first).
          const call = await resolveInput(options.invalid, withSignal(base));
          const refused = callMethod(connector, method, call, AbortSignal.timeout(5_000));
          await expectUpstreamError(refused, 'unavailable', 3_000);
          // Nothing was written: the BFF may give the throttle point back (docs/security.md A-10).
          const error = await refused.catch((e: unknown) => e);
          expect((error as UpstreamError).notSent, 'a refused connect must be marked notSent').toBe(true);
          await expectUpstreamError(connector.ready({ signal: AbortSignal.timeout(5_000) }), 'unavailable', 3_000);
        } finally {
          await connector.close();
        }
      },
    },
    {
      title: 'close() is idempotent',
      run: async (base: Omit<ContractEnv, 'signal'>) => {
        const { host, port, url } = base.simulator;
        const connector = options.connectorFor({ host, port, url });
        await connector.ready({ signal: AbortSignal.timeout(5_000) });
        await connector.close();
        await expect(connector.close()).resolves.toBeUndefined();
      },
    },
  ];
  if (options.spellings) {
    const groups = options.spellings;
    checks.push({
      title: 'subjectOf: one subject per upstream identity, whatever the spelling',
      run: (base: Omit<ContractEnv, 'signal'>) => {
        const subjectOf = base.connector.subjectOf?.bind(base.connector);
        expect(subjectOf, 'the connector has no subjectOf').toBeTypeOf('function');
        const named = groups.map((group) => new Set(group.map((input) => subjectOf!(method, input))));
        for (const [i, subjects] of named.entries()) {
          expect([...subjects], `spellings of group ${i} name several subjects`).toHaveLength(1);
          expect([...subjects][0]).toBeTypeOf('string');
        }
        const distinct = new Set(named.map((subjects) => [...subjects][0]));
        expect(distinct.size, 'two identities share a subject').toBe(groups.length);
        // Pure: asking again gives the same answer.
        expect(subjectOf!(method, groups[0]![0]!)).toBe([...named[0]!][0]);
        return Promise.resolve();
      },
    });
  }
  if (faults.slow) {
    const scenario = faults.slow;
    checks.push({
      title: `a slow upstream ('${scenario}') → UpstreamError('timeout') when the signal aborts`,
      run: async (base: Omit<ContractEnv, 'signal'>) => {
        const call = await resolveInput(options.invalid, withSignal(base));
        base.simulator.setScenario(scenario);
        await expectUpstreamError(
          callMethod(base.connector, method, call, AbortSignal.timeout(abortAfter)),
          'timeout',
          abortAfter + 1_000,
        );
      },
    });
  }
  if (faults.garbage) {
    const scenario = faults.garbage;
    checks.push({
      title: `garbage from upstream ('${scenario}') → UpstreamError('bad_response')`,
      run: async (base: Omit<ContractEnv, 'signal'>) => {
        const call = await resolveInput(options.invalid, withSignal(base));
        base.simulator.setScenario(scenario);
        await expectUpstreamError(
          callMethod(base.connector, method, call, AbortSignal.timeout(5_000)),
          'bad_response',
          5_000,
        );
      },
    });
  }
  return checks;
}

/** Registers the contract suite (vitest) for one connector + simulator pair. */
export function describeConnectorContract(options: ConnectorContractOptions): void {
  describe(`connector contract: ${options.name} (${options.method})`, () => {
    let env: Omit<ContractEnv, 'signal'> | undefined;
    let teardown: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const started = await options.setup();
      env = { connector: started.connector, simulator: started.simulator };
      teardown = started.teardown;
    });
    afterEach(() => env?.simulator.setScenario('ok'));
    afterAll(async () => {
      await env?.connector.close();
      await teardown?.();
      await env?.simulator.close();
    });

    for (const check of contractChecks(options)) {
      it(check.title, () => check.run(env!));
    }
  });
}
