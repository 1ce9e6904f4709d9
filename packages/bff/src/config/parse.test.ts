import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConnectorRegistration } from '../connectors/index.js';
import { connectorTimeoutSchema } from '../shared/duration.js';
import { ConfigError, loadConfig, parseConfig } from './parse.js';

const SECRET = 'parse-test-signing-secret-0123456789-abcdef';
const registry: Record<string, ConnectorRegistration> = {
  fake: {
    schema: z.object({ host: z.string(), adminPassword: z.string(), timeout: connectorTimeoutSchema }).strict(),
    factory: () => {
      throw new Error('not built in these tests');
    },
    methods: ['password', 'token'],
  },
};

const minimal = () => ({
  session: { secrets: ['${SESSION_SECRET}'] },
  methods: { password: { connector: 'bw' } },
  connectors: { bw: { type: 'fake', host: '127.0.0.1', adminPassword: '${ADMIN_PW}' } },
});
const env = { SESSION_SECRET: SECRET, ADMIN_PW: 'canary-admin-pw-123' };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the defaults of docs/architecture.md', () => {
    const config = parseConfig(minimal(), env, { registry });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(config.basePath).toBe('/auth');
    expect(config.trustProxy).toBe(false);
    expect(config.session).toMatchObject({
      secrets: [SECRET],
      idleTimeout: 30 * 60_000,
      absoluteTimeout: 12 * 3_600_000,
      cookie: { name: '__Host-auth', sameSite: 'strict', secure: true },
      store: 'memory',
    });
    expect(config.limits).toEqual({
      perAccount: { failures: 5, window: 900_000, lock: 900_000 },
      accountCeiling: { failures: 20, window: 900_000, rememberClient: 7 * 86_400_000 },
      perIp: { failures: 50, window: 900_000, lock: 900_000 },
      ipv6Prefix: 64,
      codeSend: { perDestination: 5, perIp: 20, window: 900_000, resendAfter: 30_000 },
      responseFloor: { enabled: true, min: 0, max: 2_000, jitter: 5 },
    });
    expect(config.connectors.bw).toEqual({
      type: 'fake',
      timeout: 5_000,
      config: { host: '127.0.0.1', adminPassword: 'canary-admin-pw-123', timeout: 5_000 },
    });
  });

  it('collects env-substituted and secret-named values for log scrubbing', () => {
    const input = minimal();
    input.connectors.bw.adminPassword = 'inline-secret-value';
    const config = parseConfig(input, env, { registry });
    expect(config.secretValues).toEqual(expect.arrayContaining([SECRET, 'inline-secret-value']));
  });

  it('names the key of a missing environment variable, never a value', () => {
    const problems = problemsOf(() => parseConfig(minimal(), { SESSION_SECRET: SECRET }, { registry }));
    expect(problems).toEqual(['connectors.bw.adminPassword: environment variable ADMIN_PW is not set']);
  });

  it('keeps $${NAME} literal', () => {
    const input = minimal();
    input.connectors.bw.host = 'a$${NOT_A_VAR}b';
    expect(parseConfig(input, env, { registry }).connectors.bw!.config).toMatchObject({ host: 'a${NOT_A_VAR}b' });
  });

  it.each([
    [{ extra: 1 }, 'extra: unknown key'],
    [{ session: { secrets: [SECRET], cookie: { nmae: 'x' } } }, 'session.cookie.nmae: unknown key'],
    [
      { session: { secrets: ['short-secret'] } },
      'session.secrets[0]: each signing secret must be at least 32 characters',
    ],
    [{ session: { secrets: [SECRET], idleTimeout: '5 minutes' } }, 'session.idleTimeout:'],
    [
      { session: { secrets: [SECRET], idleTimeout: '13h' } },
      'session.idleTimeout: idleTimeout must not exceed absoluteTimeout',
    ],
    [{ session: { secrets: [SECRET], cookie: { sameSite: 'none' } } }, 'session.cookie.sameSite:'],
    [{ allowedOrigins: ['http://localhost:5173/'] }, 'allowedOrigins[0]: must be an origin'],
    [{ limits: { perAccount: { failures: 500 } } }, 'limits.perAccount.failures: at most 100'],
    [{ basePath: 'auth' }, 'basePath: must be a path starting with /'],
  ])('rejects %j naming the key', (patch, expected) => {
    const problems = problemsOf(() => parseConfig({ ...minimal(), ...patch }, env, { registry }));
    expect(problems.join('\n')).toContain(expected);
  });

  it('validates each connector entry with its type schema, naming the key', () => {
    const input = minimal() as { connectors: { bw: Record<string, unknown> } };
    input.connectors.bw.prot = 1;
    input.connectors.bw.timeout = 'soon';
    const problems = problemsOf(() => parseConfig(input, env, { registry }));
    expect(problems).toContain('connectors.bw.prot: unknown key');
    expect(problems.join('\n')).toContain('connectors.bw.timeout:');
    expect(problems.join('\n')).not.toContain('canary-admin-pw-123');
  });

  it('caps a connector timeout at 60s (the session store keeps short tombstones on that bound)', () => {
    const at = (timeout: string) => {
      const input = minimal() as { connectors: { bw: Record<string, unknown> } };
      input.connectors.bw.timeout = timeout;
      return input;
    };
    expect(parseConfig(at('60s'), env, { registry }).connectors.bw!.timeout).toBe(60_000);
    expect(problemsOf(() => parseConfig(at('61s'), env, { registry })).join('\n')).toContain(
      'connectors.bw.timeout: at most 60s',
    );
  });

  it('refuses an unknown connector type and methods pointing nowhere or at a type lacking the method', () => {
    const input = minimal() as { connectors: Record<string, unknown>; methods: Record<string, unknown> };
    input.connectors.x = { type: 'nope' };
    input.methods.otp = { connector: 'bw' };
    input.methods.phone = { connector: 'missing' };
    const problems = problemsOf(() => parseConfig(input, env, { registry }));
    expect(problems).toEqual(
      expect.arrayContaining([
        'connectors.x.type: unknown connector type "nope" (known: fake)',
        'methods.otp.connector: connector "bw" (fake) cannot serve otp',
        'methods.phone.connector: no connector named "missing" in connectors',
      ]),
    );
  });

  it('lets methods point at injected connectors (the testing seam)', () => {
    const config = parseConfig(
      { session: { secrets: [SECRET] }, methods: { otp: { connector: 'fakeotp' } } },
      {},
      { registry, injectedConnectors: ['fakeotp'] },
    );
    expect(config.methods.otp).toEqual({ connector: 'fakeotp' });
  });

  it('does not let a __proto__ key pollute anything', () => {
    const input: unknown = JSON.parse(`{"session":{"secrets":["${SECRET}"]},"__proto__":{"polluted":true}}`);
    expect(problemsOf(() => parseConfig(input, env, { registry }))).toEqual(['__proto__: unknown key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('phone settings (config `phone`)', () => {
  it('is optional and absent by default; takes regions libphonenumber-js knows', () => {
    expect(parseConfig(minimal(), env, { registry }).phone).toBeUndefined();
    const config = parseConfig({ ...minimal(), phone: { defaultCountry: 'FR', countries: ['FR', 'BE', 'CH'] } }, env, {
      registry,
    });
    expect(config.phone).toEqual({ defaultCountry: 'FR', countries: ['FR', 'BE', 'CH'] });
    expect(parseConfig({ ...minimal(), phone: { countries: ['US'] } }, env, { registry }).phone).toEqual({
      countries: ['US'],
    });
  });

  it('refuses unknown, lower-case and non-region codes at start, naming the key', () => {
    const problems = (phone: unknown) => problemsOf(() => parseConfig({ ...minimal(), phone }, env, { registry }));
    const REGION = 'must be an upper-case ISO 3166-1 alpha-2 region with a phone number plan (FR, US, CN...)';
    expect(problems({ defaultCountry: 'XX' })).toEqual([`phone.defaultCountry: ${REGION}`]);
    expect(problems({ defaultCountry: 'fr' })).toEqual([`phone.defaultCountry: ${REGION}`]);
    // UK is not ISO 3166-1 (GB is); AQ (Antarctica) is a region with no number plan; FRA is alpha-3.
    expect(problems({ countries: ['FR', 'UK', 'AQ', 'FRA'] })).toEqual([
      `phone.countries[1]: ${REGION}`,
      `phone.countries[2]: ${REGION}`,
      `phone.countries[3]: ${REGION}`,
    ]);
    expect(problems({ countries: [] })).toEqual([
      'phone.countries: list at least one region, or leave countries out (every region)',
    ]);
    expect(problems({ countries: ['FR', 'FR'] })).toEqual(['phone.countries: must not list a region twice']);
    expect(problems({ defaultCountry: 'DE', countries: ['FR', 'BE'] })).toEqual([
      'phone.defaultCountry: must be one of phone.countries',
    ]);
    expect(problems({ defaultCountry: 'FR', region: 'FR' })).toEqual(['phone.region: unknown key']);
    expect(problems('FR')).toEqual([expect.stringMatching(/^phone: /)]);
  });
});

describe('limits.responseFloor (timing masking, docs/security.md A-05)', () => {
  const parse = (responseFloor: unknown) =>
    parseConfig({ ...minimal(), limits: { responseFloor } }, env, { registry }).limits.responseFloor;
  const problems = (responseFloor: unknown) =>
    problemsOf(() => parseConfig({ ...minimal(), limits: { responseFloor } }, env, { registry }));

  it('takes durations, zero ones included, and can be turned off', () => {
    expect(parse({ min: '50ms', max: '1.5s', jitter: '0ms' })).toEqual({
      enabled: true,
      min: 50,
      max: 1_500,
      jitter: 0,
    });
    expect(parse({ min: '0s' })).toMatchObject({ min: 0, max: 2_000 });
    expect(parse({ enabled: false })).toMatchObject({ enabled: false });
  });

  it('refuses bad bounds, naming the key', () => {
    expect(problems({ min: '3s', max: '2s' })).toEqual(['limits.responseFloor.min: min must not exceed max']);
    expect(problems({ max: '1m' })).toEqual(['limits.responseFloor.max: at most 10s']);
    expect(problems({ jitter: '2s' })).toEqual(['limits.responseFloor.jitter: at most 1s']);
    expect(problems({ min: 50 })).toEqual(['limits.responseFloor.min: must be a duration such as 0ms, 50ms or 2s']);
    expect(problems({ min: 'soon' })).toEqual([
      expect.stringMatching(/^limits\.responseFloor\.min: is not a duration/),
    ]);
    expect(problems({ percentile: 99 })).toEqual(['limits.responseFloor.percentile: unknown key']);
  });
});

describe('placeholder secrets are refused at start (docs/security.md H-01)', () => {
  it.each([
    ['changeme-changeme-changeme-changeme'],
    ['a'.repeat(40)],
    ['your-session-secret-your-session-secret'],
    ['0123012301230123012301230123012301230123'],
  ])('session.secrets: %s → an error naming the key, never the value', (secret) => {
    const problems = problemsOf(() => parseConfig(minimal(), { ...env, SESSION_SECRET: secret }, { registry }));
    expect(problems).toEqual([expect.stringMatching(/^session\.secrets\[0\]: is a placeholder/)]);
    expect(problems.join('\n')).not.toContain(secret);
  });

  it.each([['changeme'], ['CHANGE_ME'], ['password'], ['xxxxxxxx'], ['admin'], ['secret']])(
    'a connector secret (adminPassword) of %s → an error naming the key',
    (value) => {
      const problems = problemsOf(() => parseConfig(minimal(), { ...env, ADMIN_PW: value }, { registry }));
      expect(problems).toEqual([expect.stringMatching(/^connectors\.bw\.adminPassword: is a placeholder/)]);
      expect(problems.join('\n')).not.toContain(`${value} `);
    },
  );

  it('real-looking secrets pass (the ones the tests use among them)', () => {
    for (const pw of ['canary-admin-pw-123', 'adminSecret', 'demo-frontend-api-key', 'Tr0ub4dor&3'])
      expect(() => parseConfig(minimal(), { ...env, ADMIN_PW: pw }, { registry })).not.toThrow();
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'bff-config-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads YAML with ${ENV}', async () => {
    const file = join(dir, 'ok.yaml');
    await writeFile(file, 'session:\n  secrets: [${SESSION_SECRET}]\n  idleTimeout: 15m\nbasePath: /bff/\n');
    const config = await loadConfig(file, env, { registry });
    expect(config.session.idleTimeout).toBe(900_000);
    expect(config.basePath).toBe('/bff');
  });

  it('reads JSON', async () => {
    const file = join(dir, 'ok.json');
    await writeFile(file, JSON.stringify({ session: { secrets: [SECRET] }, trustProxy: true }));
    expect((await loadConfig(file, env, { registry })).trustProxy).toBe(true);
  });

  it('refuses duplicate keys and syntax errors without quoting values', async () => {
    const file = join(dir, 'dup.yaml');
    await writeFile(file, `session:\n  secrets: ["${SECRET}"]\n  secrets: ["${SECRET}"]\n`);
    const error = await loadConfig(file, env, { registry }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).not.toContain(SECRET);
  });
});

describe('loadConfig with the docs/architecture.md example syntax', () => {
  let dir: string;
  beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'bff-config-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('accepts `secrets: [${SESSION_SECRET}]` in a flow sequence and values with YAML syntax in them', async () => {
    const file = join(dir, 'design.yaml');
    await writeFile(
      file,
      [
        'session:',
        '  secrets: [${SESSION_SECRET}]',
        'methods: { password: { connector: bw } }',
        'connectors:',
        '  bw: { type: fake, host: 127.0.0.1, adminPassword: ${ADMIN_PW} }',
      ].join('\n'),
    );
    const config = await loadConfig(file, { SESSION_SECRET: SECRET, ADMIN_PW: 'a: b, {c} #d' }, { registry });
    expect(config.session.secrets).toEqual([SECRET]);
    expect(config.connectors.bw!.config).toMatchObject({ adminPassword: 'a: b, {c} #d' });
  });
});
