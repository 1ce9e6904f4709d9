/**
 * The docs a newcomer follows, run as written: the root README's embed snippet and its "Local
 * development with the simulators" YAML, and packages/bff/README.md's mount example, against the
 * simulators, in Chromium. The snippets are found by their `<!-- name -->` markers; a README change
 * that breaks them fails here.
 *
 * The simulators run on free ports (not the CLI's fixed ones, which a developer's `auth-sim` may
 * hold); the YAML's ports are first checked against the CLI's defaults, then pointed at the
 * free ones. Everything else in the YAML is used as pasted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  DEFAULT_PORT_BASE,
  INBOX_PORT_OFFSET,
  simulatorRegistry,
  startInbox,
  startSimulators,
  type RunningInbox,
  type StartedSimulators,
} from '@auth-login/simulators';
import { artifactsDir, launchBrowser } from './support.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const widgetDist = join(repo, 'packages/auth-login/dist');
const bffBin = join(repo, 'packages/bff/bin/auth-bff.js');
const rootReadme = readFileSync(join(repo, 'README.md'), 'utf8');
const bffReadme = readFileSync(join(repo, 'packages/bff/README.md'), 'utf8');

/** The fenced block between `<!-- name -->` and `<!-- /name -->`. */
function snippet(markdown: string, name: string): string {
  const start = markdown.indexOf(`<!-- ${name} -->`);
  const end = markdown.indexOf(`<!-- /${name} -->`);
  if (start < 0 || end < start) throw new Error(`README marker <!-- ${name} --> … <!-- /${name} --> not found`);
  const m = /```[a-z]*\n([\s\S]*?)```/.exec(markdown.slice(start, end));
  if (!m?.[1]) throw new Error(`no fenced block inside <!-- ${name} -->`);
  return m[1];
}

/** Replaces `from` exactly once, failing when the README no longer contains it. */
function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one "${from}" in the snippet`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

const sessionSecret = 'readme-test-session-secret-0123456789abcdef';
const offset = (name: string) => simulatorRegistry.find((e) => e.name === name)!.portOffset;
const portOf = (url: string) => Number(new URL(url).port);

type Conn = Record<string, unknown> & { type: string };
type Config = { allowedOrigins: string[]; connectors: Record<string, Conn>; listen: { port: number } };

/**
 * The README's YAML as data. `${NAME}` is substituted in the text before it is parsed (as the BFF
 * does), and `[${X}]` is no valid flow sequence until then: keep it as a placeholder meanwhile.
 */
const parseConfigText = (text: string) =>
  YAML.parse(text.replaceAll('${SESSION_SECRET}', 'ENV_SESSION_SECRET')) as Config;

/** The README's YAML pointed at the running simulators (ports only) and at `origin`. */
function configFor(yamlText: string, started: StartedSimulators, origin: string): string {
  const config = parseConfigText(yamlText);
  const sim = (name: string) => started.simulators.find((s) => s.entry.name === name)!.sim;
  for (const c of Object.values(config.connectors)) {
    if (c.type === 'broadworks-oci' || c.type === 'vzl-agent') c.port = sim(c.type).port;
    else {
      const key = c.type === 'authing' ? 'appHost' : 'url';
      const url = new URL(String(c[key]));
      url.port = String(sim(c.type).port);
      c[key] = url.origin;
    }
  }
  config.allowedOrigins = [origin];
  config.listen.port = 0;
  return YAML.stringify(config).replaceAll('ENV_SESSION_SECRET', '${SESSION_SECRET}');
}

/** A page server of the newcomer's own: the embed snippet at `/`, the widget's dist/ under /assets/. */
function servePage(html: string): (req: http.IncomingMessage, res: http.ServerResponse) => boolean {
  const page = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>my app</title></head><body>\n${html}</body></html>\n`;
  const types: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json' };
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return true;
    }
    if (path.startsWith('/assets/')) {
      const file = normalize(join(widgetDist, path.slice('/assets/'.length)));
      if (!file.startsWith(widgetDist)) return false;
      try {
        const body = readFileSync(file);
        res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
        return true;
      } catch {
        return false;
      }
    }
    return false;
  };
}

async function listen(server: http.Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Starts a node process and resolves with the first stdout line matching `ready`. */
async function startProcess(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<[ChildProcess, RegExpExecArray]> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${ready.source}" within 15 s:\n${out}\n${err}`)), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}\n${err}`));
    });
  });
  return [child, match];
}

async function stopProcess(child: ChildProcess | undefined): Promise<number | null> {
  if (!child || child.exitCode !== null) return child?.exitCode ?? null;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  const [code] = (await exited) as [number | null];
  clearTimeout(timer);
  return code;
}

async function openWidget(page: Page, url: string): Promise<Locator> {
  await page.goto(url);
  const widget = page.locator('auth-login');
  await widget.locator('section[aria-busy="false"]').waitFor();
  return widget;
}

async function tab(widget: Locator, name: string): Promise<Locator> {
  await widget.getByRole('tab', { name, exact: true }).click();
  return widget.getByRole('tabpanel', { name, exact: true });
}

async function expectSignedIn(widget: Locator, name: string): Promise<void> {
  await widget.getByRole('heading', { name: 'Signed in as' }).waitFor();
  await widget.getByText(name, { exact: true }).waitFor();
}

async function signOut(widget: Locator): Promise<void> {
  await widget.getByRole('button', { name: 'Sign out', exact: true }).click();
  await widget.getByRole('heading', { name: 'Sign in' }).waitFor();
}

async function signInWithPassword(widget: Locator): Promise<void> {
  const panel = await tab(widget, 'Password');
  await panel.getByLabel('User ID or phone number', { exact: true }).fill('alice@example.com');
  await panel.getByLabel('Password', { exact: true }).fill('alice-password1');
  await panel.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectSignedIn(widget, 'Alice Smith');
}

const embed = snippet(rootReadme, 'embed-snippet');
const devYaml = snippet(rootReadme, 'local-dev-yaml');
const mountExample = snippet(bffReadme, 'mount-example');

describe('the README recipes, as a newcomer follows them', () => {
  let started: StartedSimulators | undefined;
  let inbox: RunningInbox | undefined;
  let browser: Browser | undefined;
  const servers: http.Server[] = [];
  const children: ChildProcess[] = [];
  const workDir = join(artifactsDir, 'readme');
  mkdirSync(workDir, { recursive: true });

  beforeAll(async () => {
    started = await startSimulators({});
    inbox = await startInbox(started);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const c of children) await stopProcess(c);
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
    await inbox?.close();
    await started?.close();
  });

  it("the local-development YAML targets auth-sim's documented default ports and inbox", () => {
    const config = parseConfigText(devYaml);
    const byType = Object.fromEntries(Object.values(config.connectors).map((c) => [c.type, c]));
    expect(Object.keys(byType).sort()).toEqual(
      ['authing', 'broadworks-oci', 'digipass-gateway', 'openiam', 'vzl-agent'].sort(),
    );
    expect(byType['broadworks-oci']!.port).toBe(DEFAULT_PORT_BASE + offset('broadworks-oci'));
    expect(byType['vzl-agent']!.port).toBe(DEFAULT_PORT_BASE + offset('vzl-agent'));
    expect(portOf(String(byType.authing!.appHost))).toBe(DEFAULT_PORT_BASE + offset('authing'));
    expect(portOf(String(byType.openiam!.url))).toBe(DEFAULT_PORT_BASE + offset('openiam'));
    expect(portOf(String(byType['digipass-gateway']!.url))).toBe(DEFAULT_PORT_BASE + offset('digipass-gateway'));
    expect(rootReadme).toContain(`http://127.0.0.1:${DEFAULT_PORT_BASE + INBOX_PORT_OFFSET}/inbox`);
  });

  it('embed snippet + auth-bff started from the YAML: password, then phone with the code from the inbox URL', async () => {
    // The newcomer's own page server, on localhost (the cookie stays the default Secure __Host- one).
    const pageServer = http.createServer();
    servers.push(pageServer);
    const pagePort = await listen(pageServer);
    const configFile = join(workDir, 'auth-bff.dev.yaml');
    writeFileSync(configFile, configFor(devYaml, started!, `http://localhost:${pagePort}`));
    const [bff, m] = await startProcess(
      [bffBin, '--config', configFile],
      { SESSION_SECRET: sessionSecret },
      /auth-bff listening on http:\/\/127\.0\.0\.1:(\d+)/,
    );
    children.push(bff);
    const html = replaceOnce(embed, 'endpoint="/auth"', `endpoint="http://localhost:${m[1]}/auth"`);
    const handle = servePage(html);
    pageServer.on('request', (req, res) => {
      if (!handle(req, res)) res.writeHead(404).end();
    });

    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      const widget = await openWidget(page, `http://localhost:${pagePort}/`);
      await signInWithPassword(widget);
      await signOut(widget);

      const panel = await tab(widget, 'Phone code');
      await panel.getByLabel('Phone number', { exact: true }).fill('+15551234567');
      const since = Date.now() - 1000;
      await panel.getByRole('button', { name: 'Send code', exact: true }).click();
      let code = '';
      await expect
        .poll(
          async () => {
            const messages = (await (await fetch(inbox!.url)).json()) as { to: string; code: string; at: number }[];
            code = messages.find((x) => x.at >= since && x.to.replace(/\D/g, '').endsWith('5551234567'))?.code ?? '';
            return code;
          },
          { timeout: 10_000 },
        )
        .toMatch(/^\d{6}$/);
      await panel.getByLabel('Verification code', { exact: true }).fill(code);
      await panel.getByRole('button', { name: 'Sign in', exact: true }).click();
      await widget.getByRole('heading', { name: 'Signed in as' }).waitFor();
      const cookies = await context.cookies(`http://localhost:${m[1]}/`);
      expect(cookies.map((c) => [c.name, c.secure])).toEqual([['__Host-auth', true]]);
    } finally {
      await context.close();
    }
    expect(await stopProcess(bff)).toBe(0);
  });

  it("the BFF README's mount example serves the embed snippet's /auth from one Koa app: password and OTP", async () => {
    // A free port for the app (the example listens on a fixed one).
    const probe = http.createServer();
    const appPort = await listen(probe);
    await new Promise((r) => probe.close(r));
    const configFile = join(workDir, 'bff.yaml');
    writeFileSync(configFile, configFor(devYaml, started!, `http://localhost:${appPort}`));
    writeFileSync(join(workDir, 'page.html'), embed);
    writeFileSync(
      join(workDir, 'routes.mjs'),
      `import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
const dist = ${JSON.stringify(widgetDist)};
const page = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>my app</title></head><body>' +
  readFileSync(new URL('./page.html', import.meta.url), 'utf8') + '</body></html>';
export async function yourRoutes(ctx, next) {
  if (ctx.path === '/') { ctx.type = 'html'; ctx.body = page; return; }
  if (ctx.path.startsWith('/assets/')) {
    const file = normalize(join(dist, ctx.path.slice(8)));
    if (file.startsWith(dist)) try { ctx.body = readFileSync(file); ctx.type = extname(file); return; } catch {}
  }
  await next();
}
`,
    );
    let program = replaceOnce(mountExample, `loadConfig('bff.yaml')`, `loadConfig(${JSON.stringify(configFile)})`);
    program = replaceOnce(program, 'app.listen(3000)', 'app.listen(Number(process.env.PORT), "127.0.0.1")');
    program = `import { yourRoutes } from './routes.mjs';\n${program}\nserver.on('listening', () => console.log('LISTENING'));\n`;
    writeFileSync(join(workDir, 'mount.mjs'), program);
    const [app] = await startProcess(
      [join(workDir, 'mount.mjs')],
      { SESSION_SECRET: sessionSecret, PORT: String(appPort) },
      /LISTENING/,
    );
    children.push(app);

    const context = await browser!.newContext();
    try {
      const page = await context.newPage();
      const widget = await openWidget(page, `http://localhost:${appPort}/`);
      await signInWithPassword(widget);
      await signOut(widget);
      const panel = await tab(widget, 'OTP');
      await panel.getByLabel('User ID', { exact: true }).fill('dora');
      await panel.getByLabel('One-time password', { exact: true }).fill('012345');
      await panel.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expectSignedIn(widget, 'Dora');
    } finally {
      await context.close();
    }
    // The example's SIGTERM line closes the server and the BFF, and the process ends by itself.
    expect(await stopProcess(app)).toBe(0);
  });
});
