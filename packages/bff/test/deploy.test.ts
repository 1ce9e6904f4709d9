/**
 * The deployment guide (docs/operations.md "Deploying") and its files in deploy/ stay true:
 *
 * (a) every metric the Grafana dashboard queries exists in a real scrape of the BFF after a
 *     scripted run against the simulators (sign-ins that succeed and fail, a code send, a throttle
 *     refusal, an open circuit), histograms by their _bucket/_sum/_count series;
 * (b) every BFF config example (the ```yaml blocks of the guide, deploy/auth-bff.yaml) loads with
 *     the BFF's own config loader, secrets through `${NAME}` from the environment;
 * (c) the systemd unit has the hardening options, and `systemd-analyze verify` accepts it;
 * (d) the nginx file proxies what the BFF serves with the headers trustProxy reads, and not /readyz;
 * (e) the ```sh blocks name scripts and files that exist.
 * And the guide shows the files as they are (no copy drifts from its file).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  startAuthingSimulator,
  startBroadworksSimulator,
  type BroadworksSimulator,
  type RunningAuthingSimulator,
} from '@auth-login/simulators';
import { ConfigError, loadConfig } from '../src/index.js';
import { baseConfig, Browser, startBff, type RunningBff } from './support/bff-harness.js';
import { parsePrometheus } from './support/prometheus.js';
import { simulatedConnectors } from './support/simulated-connectors.js';
import { freePort } from './support/redis-server.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const GUIDE = read('docs/operations.md');
/** Where the guide and the unit install the repository. */
const INSTALL_DIR = '/opt/auth-login/';

interface Fence {
  lang: string;
  body: string;
}
function fences(markdown: string): Fence[] {
  return [...markdown.matchAll(/^```([\w-]*)[^\n]*\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}
const blocks = (lang: string) => fences(GUIDE).filter((f) => f.lang === lang);

/** Which paths exist in the repository (an install-dir path maps to the repository root). */
const inRepo = (path: string) =>
  existsSync(join(ROOT, path.startsWith(INSTALL_DIR) ? path.slice(INSTALL_DIR.length) : path));

describe('the guide shows the deploy/ files as they are', () => {
  it.each([
    ['yaml', 'deploy/auth-bff.yaml'],
    ['nginx', 'deploy/nginx/auth-login.conf'],
    ['ini', 'deploy/systemd/auth-bff.service'],
  ])('a ```%s block is %s, byte for byte', (lang, file) => {
    expect(blocks(lang).map((b) => b.body)).toContain(read(file));
  });

  it('every deploy/ file the guide names exists', () => {
    const named = [...new Set(GUIDE.match(/\bdeploy\/[\w./-]*[\w]/g) ?? [])];
    expect(named.length).toBeGreaterThanOrEqual(4);
    for (const path of named) expect(existsSync(join(ROOT, path)), path).toBe(true);
  });
});

// --- (a) the dashboard against a real scrape -------------------------------------------------

/** PromQL functions and keywords the dashboard may use; any other `name(` is an error. */
const PROMQL_FUNCTIONS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'count',
  'rate',
  'irate',
  'increase',
  'histogram_quantile',
  'topk',
  'clamp_min',
  'abs',
]);
const PROMQL_KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'bool',
  'offset',
]);

/** The metric names a PromQL expression reads (strings, label matchers, ranges and label lists removed). */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\w+/g, ' ');
  const names: string[] = [];
  for (const m of stripped.matchAll(/(?<![\w.])[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const name = m[0];
    if (PROMQL_KEYWORDS.has(name)) continue;
    if (
      stripped
        .slice(m.index + name.length)
        .trimStart()
        .startsWith('(')
    ) {
      if (!PROMQL_FUNCTIONS.has(name)) throw new Error(`unknown PromQL function ${name} in ${expr}`);
      continue;
    }
    names.push(name);
  }
  return names;
}

interface Dashboard {
  panels: Array<{ title: string; type: string; targets?: Array<{ expr: string }> }>;
  templating: { list: Array<{ name: string; query: unknown }> };
}
const dashboard = JSON.parse(read('deploy/grafana/auth-login-dashboard.json')) as Dashboard;
const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
/** `label_values(metric{...}, label)` of the template variables. */
const variableMetrics = dashboard.templating.list.flatMap((v) => {
  const query = typeof v.query === 'string' ? v.query : ((v.query as { query?: string } | undefined)?.query ?? '');
  const m = /label_values\(\s*([a-zA-Z_:][\w:]*)/.exec(query);
  return m ? [m[1]!] : [];
});

describe('(a) the Grafana dashboard queries metrics the BFF exports', () => {
  let bw: BroadworksSimulator;
  let authing: RunningAuthingSimulator;
  let bff: RunningBff;
  let scrape: string;

  beforeAll(async () => {
    let deadPort: number;
    [bw, authing, deadPort] = await Promise.all([
      startBroadworksSimulator({ port: 0, soap: false }),
      startAuthingSimulator({ port: 0, appId: 'APP1', userPoolId: 'POOL1' }),
      freePort(),
    ]);
    bff = await startBff(
      baseConfig({
        methods: { password: { connector: 'bw' }, phone: { connector: 'au' }, otp: { connector: 'dp' } },
        limits: { perAccount: { failures: 2 } },
        metrics: { listen: { host: '127.0.0.1', port: 0 } },
        connectors: simulatedConnectors({ broadworksPort: bw.port, authingUrl: authing.url, deadPort }),
      }),
      { throttleDelayMs: 0, resilience: { breaker: { failureThreshold: 2, coolDownMs: 60_000 } } },
    );
    // The scripted run: a success, wrong passwords up to a lock (a throttle refusal), a code sent
    // and a resend refused, a phone sign-in, and a DIGIPASS gateway that is down (the circuit opens).
    const api = `${bff.url}/auth`;
    const alice = { identifier: 'alice@example.com', password: 'alice-password1' };
    const a = new Browser();
    expect((await a.post(`${api}/password`, alice)).status).toBe(200);
    const b = new Browser();
    for (let i = 0; i < 2; i++)
      expect((await b.post(`${api}/password`, { ...alice, password: 'nope' })).status).toBe(401);
    expect((await b.post(`${api}/password`, alice)).status).toBe(429);
    const c = new Browser();
    expect((await c.post(`${api}/phone/code`, { phone: '+8613800138000' })).status).toBe(202);
    expect((await c.post(`${api}/phone/code`, { phone: '+8613800138000' })).status).toBe(429);
    const code = authing.outbox.at(-1)!.code;
    expect((await c.post(`${api}/phone`, { phone: '+8613800138000', code })).status).toBe(200);
    const d = new Browser();
    for (let i = 0; i < 3; i++)
      expect((await d.post(`${api}/otp`, { identifier: 'jane', otp: '654321' })).status).toBe(503);
    await Promise.all([a, b, c, d].map((x) => x.close()));
    const res = await fetch(`${await bff.bff.metricsUrl!}/metrics`);
    expect(res.status).toBe(200);
    scrape = await res.text();
  }, 30_000);
  afterAll(async () => {
    await bff?.close();
    await Promise.all([bw?.close(), authing?.close()]);
  });

  it('the PromQL reader finds metric names, and a misspelled one is not in a scrape', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (connector, le) (rate(auth_bff_upstream_call_duration_seconds_bucket{job="$job", instance=~"$instance"}[$__rate_interval])))',
      ),
    ).toEqual(['auth_bff_upstream_call_duration_seconds_bucket']);
    expect(metricNames('sum by (outcome) (rate(auth_bff_signin_total{outcome="success"}[5m]))')).toEqual([
      'auth_bff_signin_total',
    ]);
    expect(() => metricNames('sum(rat(auth_bff_signins_total[5m]))')).toThrow(/unknown PromQL function rat/);
    const names = new Set(parsePrometheus(scrape).map((s) => s.name));
    expect(names.has('auth_bff_signins_total')).toBe(true);
    expect(names.has('auth_bff_signin_total')).toBe(false);
  });

  it('every metric of every panel and variable is in the scrape; _bucket/_sum/_count are histograms', () => {
    const names = new Set(parsePrometheus(scrape).map((s) => s.name));
    const types = new Map([...scrape.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(exprs.length).toBeGreaterThanOrEqual(15);
    const queried = new Set<string>(variableMetrics);
    for (const { panel, expr } of exprs) {
      const found = metricNames(expr);
      expect(found.length, `${panel}: ${expr}`).toBeGreaterThan(0);
      for (const name of found) queried.add(name);
    }
    for (const name of queried) {
      expect(names.has(name), `${name} is not in the scrape`).toBe(true);
      const histogram = /^(.*)_(bucket|sum|count)$/.exec(name)?.[1];
      if (histogram && types.has(histogram)) expect(types.get(histogram), name).toBe('histogram');
      else expect(types.has(name), `${name} has no # TYPE line`).toBe(true);
    }
  });

  it('covers what operators watch: outcomes, latency quantiles per connector, breaker, throttles, codes, sessions, process', () => {
    const all = exprs.map((e) => e.expr).join('\n');
    for (const name of [
      'auth_bff_signins_total',
      'auth_bff_circuit_state',
      'auth_bff_circuit_transitions_total',
      'auth_bff_throttle_refusals_total',
      'auth_bff_codes_sent_total',
      'auth_bff_active_sessions',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(all).toContain(name);
    for (const q of ['0.5', '0.95', '0.99'])
      expect(all).toMatch(
        new RegExp(
          `histogram_quantile\\(${q.replace('.', '\\.')}, sum by \\(connector, le\\) \\(rate\\(auth_bff_upstream_call_duration_seconds_bucket`,
        ),
      );
    expect(all).toMatch(/sum by \(outcome\) \(rate\(auth_bff_signins_total/);
    expect(all).toMatch(/sum by \(limit\) \(rate\(auth_bff_throttle_refusals_total/);
  });
});

// --- (b) config examples ---------------------------------------------------------------------

/** A strong-looking value for every `${NAME}` of a text (session secrets need 32 characters). */
function envFor(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, name] of text.replace(/(^|\s)#.*$/gm, '').matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g))
    env[name!] = randomBytes(24).toString('base64url');
  return env;
}

/** Top-level sections of a YAML text: a key line at column 0 and what follows it (comments dropped). */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | undefined;
  for (const line of text.split('\n')) {
    if (/^#/.test(line)) continue;
    const top = /^([A-Za-z][\w]*):/.exec(line);
    if (top) out.set((key = top[1]!), '');
    if (key) out.set(key, `${out.get(key)}${line}\n`);
  }
  return out;
}

describe('(b) every BFF config example loads with the real config loader', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'auth-deploy-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const base = read('deploy/auth-bff.yaml');
  const load = async (text: string, env = envFor(text)) => {
    const file = join(tmp, `${randomBytes(4).toString('hex')}.yaml`);
    writeFileSync(file, text);
    return loadConfig(file, env);
  };

  const yamlBlocks = blocks('yaml').map((b) => b.body);
  const bffBlocks = yamlBlocks.filter((body) => /^# \S*auth-bff\.yaml/.test(body));

  it('each ```yaml block of the guide says what file it is; the BFF ones are found', () => {
    expect(yamlBlocks.length).toBeGreaterThanOrEqual(5);
    for (const body of yamlBlocks) expect(body, body.slice(0, 80)).toMatch(/^# \S+/);
    expect(bffBlocks.length).toBeGreaterThanOrEqual(3);
  });

  it('deploy/auth-bff.yaml: accepted, secrets from the environment, as the guide describes it', async () => {
    const env = envFor(base);
    expect(Object.keys(env).sort()).toEqual([
      'AUTHING_APP_ID',
      'AUTHING_POOL_ID',
      'OCI_PASSWORD',
      'OCI_USER',
      'REDIS_PASSWORD',
      'SESSION_SECRET',
    ]);
    const config = await load(base, env);
    expect(config).toMatchObject({
      listen: { host: '127.0.0.1', port: 8787 },
      basePath: '/auth',
      trustProxy: true,
      session: { secrets: [env.SESSION_SECRET], cookie: { name: '__Host-auth', secure: true } },
      metrics: { listen: { host: '127.0.0.1', port: 9464 } },
      methods: { password: { connector: 'bw' }, phone: { connector: 'au' } },
    });
    expect((config.session.store as { redis: string }).redis).toContain(env.REDIS_PASSWORD!);
    expect(config.secretValues).toEqual(expect.arrayContaining(Object.values(env)));
    // The loader is strict: a missing variable or a placeholder secret is refused.
    const { SESSION_SECRET: _missing, ...withoutSecret } = env;
    await expect(load(base, withoutSecret)).rejects.toThrow(
      /session\.secrets\[0\]: environment variable SESSION_SECRET/,
    );
    await expect(load(base, { ...env, OCI_PASSWORD: 'changeme' })).rejects.toBeInstanceOf(ConfigError);
  });

  it('each BFF block of the guide (whole, or a fragment over deploy/auth-bff.yaml) is accepted', async () => {
    for (const block of bffBlocks) {
      const own = sections(block);
      let text = block;
      if (!own.has('session') || !own.has('connectors')) {
        // A fragment: its top-level keys replace those of the example config.
        const merged = sections(base);
        for (const [key, value] of own) merged.set(key, value);
        text = [...merged.values()].join('');
      }
      await expect(load(text), block.split('\n')[0]).resolves.toMatchObject({ basePath: '/auth' });
    }
  });

  it('the other YAML blocks are YAML; Prometheus scrapes the metrics port with the dashboard job', () => {
    const others = yamlBlocks.filter((body) => !bffBlocks.includes(body));
    expect(others.length).toBeGreaterThanOrEqual(2);
    for (const body of others) expect(() => parseYaml(body) as unknown).not.toThrow();
    const prometheus = others.find((b) => b.startsWith('# prometheus.yml'));
    const job = (
      parseYaml(prometheus!) as {
        scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
      }
    ).scrape_configs[0]!;
    expect(job.job_name).toBe('auth-bff');
    expect(dashboard.templating.list.find((v) => v.name === 'job')).toMatchObject({ query: 'auth-bff' });
    for (const target of job.static_configs[0]!.targets) expect(target).toMatch(/:9464$/);
  });
});

// --- (c) the systemd unit --------------------------------------------------------------------

/** An INI file as systemd reads it: sections of keys, each key with all its values in order. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  let section: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      out.set(header[1]!, (section = new Map<string, string[]>()));
      continue;
    }
    const eq = line.indexOf('=');
    if (!section || eq <= 0) throw new Error(`not a unit line: ${line}`);
    const key = line.slice(0, eq).trim();
    section.set(key, [...(section.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return out;
}

const which = (cmd: string) => (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, cmd)));
const hasSystemdAnalyze = which('systemd-analyze');
const hasNginx = which('nginx');

describe('(c) the systemd unit', () => {
  const text = read('deploy/systemd/auth-bff.service');
  const unit = parseUnit(text);
  const service = unit.get('Service')!;
  const one = (key: string) => service.get(key)?.at(-1);

  it('has the hardening options and runs the bin with the config the guide installs', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(one('DynamicUser') === 'yes' || Boolean(one('User'))).toBe(true);
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ProtectHome')).toBe('yes');
    expect(one('PrivateTmp')).toBe('yes');
    expect(one('PrivateDevices')).toBe('yes');
    expect(one('CapabilityBoundingSet')).toBe('');
    expect(one('Restart')).toBe('on-failure');
    expect(one('RestartPreventExitStatus')).toBe('2'); // a config error: restarting does not help
    expect(one('MemoryMax')).toMatch(/^\d+[KMG]$/);
    expect(one('RestrictAddressFamilies')!.split(/\s+/).sort()).toEqual(['AF_INET', 'AF_INET6', 'AF_UNIX']);
    expect(service.get('SystemCallFilter')).toContain('@system-service');
    expect(Boolean(one('EnvironmentFile') ?? one('LoadCredential'))).toBe(true);
    const [node, bin, ...args] = one('ExecStart')!.split(/\s+/);
    expect(node).toMatch(/\/node$/);
    expect(bin!.startsWith(INSTALL_DIR) && inRepo(bin!), bin).toBe(true);
    expect(args).toEqual(['--config', '/etc/auth-bff/auth-bff.yaml']);
    expect(GUIDE).toContain('install -m 0644 deploy/auth-bff.yaml /etc/auth-bff/auth-bff.yaml');
    // Stop: longer than the BFF's own 10 s drain.
    expect(Number.parseInt(one('TimeoutStopSec')!, 10)).toBeGreaterThan(10);
  });

  it.skipIf(!hasSystemdAnalyze)(
    'systemd-analyze verify accepts it, no unknown key (skipped when systemd-analyze is absent)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'auth-unit-'));
      try {
        // This machine's node instead of /usr/bin/node (verify checks the binary exists).
        const file = join(dir, 'auth-bff.service');
        writeFileSync(file, text.replace(/^ExecStart=\S+/m, `ExecStart=${process.execPath}`));
        const { stderr } = await run('systemd-analyze', ['verify', file], { timeout: 30_000 });
        expect(stderr).not.toMatch(/unknown|invalid|failed|ignoring|not executable/i);
        // And a misspelled key is noticed (so the check above can fail).
        writeFileSync(file, readFileSync(file, 'utf8').replace('NoNewPrivileges=', 'NoNewPrivilege='));
        const bad = await run('systemd-analyze', ['verify', file], { timeout: 30_000 }).catch(
          (e: { stderr: string }) => e,
        );
        expect(bad.stderr).toMatch(/Unknown key/i);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

// --- (d) the nginx file ----------------------------------------------------------------------

/** The `{ ... }` body after a header such as `location /auth/` (comments removed). */
function block(conf: string, header: string): string | undefined {
  const start = conf.indexOf(`${header} {`);
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = conf.indexOf('{', start); i < conf.length; i++) {
    if (conf[i] === '{') depth++;
    else if (conf[i] === '}' && --depth === 0) return conf.slice(conf.indexOf('{', start) + 1, i);
  }
  return undefined;
}

describe('(d) the nginx file', () => {
  const conf = read('deploy/nginx/auth-login.conf').replace(/#.*$/gm, '');
  const bffConfig = parseYaml(read('deploy/auth-bff.yaml').replace(/\$\{(\w+)\}/g, '$1')) as {
    basePath: string;
    listen: { port: number };
    metrics: { listen: { port: number } };
    trustProxy: boolean;
  };
  const clientIp = read('packages/bff/src/security/client-ip.ts');

  it(`proxies basePath and /healthz to the BFF with the headers trustProxy reads; not /readyz, not metrics${hasNginx ? '' : ' (nginx -t skipped: nginx is not installed)'}`, () => {
    const upstream = block(conf, 'upstream auth_bff');
    expect(upstream).toMatch(new RegExp(`server 127\\.0\\.0\\.1:${bffConfig.listen.port}\\b`));
    // The headers the BFF reads behind a proxy, and what nginx must write into them.
    expect(bffConfig.trustProxy).toBe(true);
    expect(clientIp).toContain("req.headers['x-forwarded-for']");
    expect(clientIp).toContain("req.headers['x-forwarded-proto']");
    for (const location of [`location ${bffConfig.basePath}/`, 'location = /healthz']) {
      const body = block(conf, location);
      expect(body, location).toBeDefined();
      expect(body).toMatch(/proxy_pass http:\/\/auth_bff;/); // no URI part: the path passes unchanged
      expect(body).toMatch(/proxy_set_header X-Forwarded-For (\$proxy_add_x_forwarded_for|\$remote_addr);/);
      expect(body).toMatch(/proxy_set_header X-Forwarded-Proto \$scheme;/);
      expect(body).toMatch(/proxy_set_header Host \$host;/);
    }
    const readyz = block(conf, 'location = /readyz');
    expect(readyz).toMatch(/return 404;/);
    expect(readyz).not.toMatch(/proxy_pass/);
    expect(conf).not.toContain(String(bffConfig.metrics.listen.port));
    expect(conf).not.toMatch(/proxy_cookie_(path|domain)/); // the __Host- cookie must pass untouched
    // HTTPS only (the __Host- cookie): TLS on 443, port 80 redirects.
    expect(conf).toMatch(/listen 443 ssl;/);
    expect(conf).toMatch(/ssl_certificate \S+;/);
    expect(block(conf, 'server')).toMatch(/listen 80;[\s\S]*return 301 https:\/\/\$host\$request_uri;/);
  });

  it.skipIf(!hasNginx)('nginx -t accepts it (skipped when nginx is absent)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-nginx-'));
    try {
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-subj',
        '/CN=app.example.com',
        '-days',
        '1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]);
      const site = read('deploy/nginx/auth-login.conf')
        .replace(/ssl_certificate \S+;/, `ssl_certificate ${join(dir, 'cert.pem')};`)
        .replace(/ssl_certificate_key \S+;/, `ssl_certificate_key ${join(dir, 'key.pem')};`);
      writeFileSync(join(dir, 'site.conf'), site);
      writeFileSync(
        join(dir, 'nginx.conf'),
        `pid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'error.log')};\nevents {}\nhttp {\n  include ${join(dir, 'site.conf')};\n}\n`,
      );
      await run('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { timeout: 30_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// --- (e) shell commands ----------------------------------------------------------------------

const PNPM_BUILTINS = new Set(['install', 'i', 'add', 'exec', 'dlx', 'deploy', 'pack', 'publish', 'run', 'store']);

describe('(e) the ```sh blocks of the guide', () => {
  const sh = blocks('sh').map((b) => b.body);
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

  it('name pnpm scripts and node scripts that exist, and files of the repository', () => {
    expect(sh.length).toBeGreaterThanOrEqual(3);
    let checked = 0;
    for (const body of sh) {
      const text = body.replace(/#.*$/gm, '');
      for (const [, command] of text.matchAll(/\bpnpm\s+([\w:-]+)/g)) {
        expect(PNPM_BUILTINS.has(command!) || Object.hasOwn(scripts, command!), `pnpm ${command}`).toBe(true);
        checked++;
      }
      for (const [, path] of text.matchAll(/\bnode\s+(?:--\S+\s+)*(\S+\.[cm]?js)\b/g)) {
        expect(inRepo(path!), `node ${path}`).toBe(true);
        checked++;
      }
      for (const [, path] of text.matchAll(/(?:^|\s)((?:deploy|packages|scripts)\/\S+)/g)) {
        expect(inRepo(path!), path).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });
});
