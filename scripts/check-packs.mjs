#!/usr/bin/env node
/**
 * The packages are publish-ready (part of `pnpm test`, after `pnpm build`):
 *
 * 1. `pnpm pack` each publishable package (every non-private one under packages/) and check its
 *    tarball: package.json, README.md, LICENSE, dist/, every file the manifest points at (exports,
 *    main, types, bin, customElements), type declarations, and no tests or test helpers
 *    (`*.test.*`, `*.test-kit.*`, test-support/, test/) and no sources the manifest would expose.
 * 2. Install the packed widget + bff (+ xml, which bff needs) into an empty temp app with
 *    `npm install <tarballs>` — our packages come only from the tarballs, their third-party
 *    dependencies from npm's cache or the registry — then, as a newcomer would:
 *    - start the installed `auth-bff` from a YAML file (the root README's local-development YAML)
 *      and ask it GET /auth/config;
 *    - load the installed `@auth-login/widget/dist/auth-login.js` in headless Chromium and see
 *      `<auth-login>` defined;
 *    - resolve `import '@auth-login/widget'` and `import '@auth-login/bff'` from the app.
 *
 * Usage: node scripts/check-packs.mjs [--keep]   (--keep leaves the temp folder for a look)
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs, chromiumPath } from './find-executable.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const keep = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'auth-login-packs-'));
const problems = [];
const fail = (msg) => problems.push(msg);
const log = (msg) => console.log(`check-packs: ${msg}`);

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

// --- 1. pack and inspect ------------------------------------------------------------------------
const packs = {};
const versions = {};
for (const dir of readdirSync(join(root, 'packages'))) {
  const pkgDir = join(root, 'packages', dir);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  if (manifest.private) continue;
  const info = JSON.parse(run('pnpm', ['pack', '--json', '--pack-destination', work], { cwd: pkgDir }));
  const files = run('tar', ['-tzf', info.filename])
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  const packed = JSON.parse(run('tar', ['-xzOf', info.filename, 'package/package.json']));
  const name = packed.name;
  packs[name] = info.filename;
  versions[name] = packed.version;
  const has = (f) => files.includes(f.replace(/^\.\//, ''));

  if (!name.startsWith('@auth-login/')) fail(`${dir}: name ${name} is not under the @auth-login scope`);
  for (const f of ['package.json', 'README.md', 'LICENSE']) if (!has(f)) fail(`${name}: ${f} missing from the tarball`);
  if (!files.some((f) => f.startsWith('dist/') && f.endsWith('.js'))) fail(`${name}: no dist/*.js in the tarball`);
  if (!files.some((f) => f.startsWith('dist/') && f.endsWith('.d.ts'))) fail(`${name}: no type declarations (.d.ts)`);
  const testish = files.filter((f) => /\.test\.|\.test-kit\.|(^|\/)test-support\/|(^|\/)test\//.test(f));
  if (testish.length) fail(`${name}: tests or test helpers in the tarball: ${testish.join(', ')}`);
  if (files.some((f) => /workspace:/.test(JSON.stringify(packed)) || f.startsWith('src/')))
    fail(`${name}: workspace: specifiers or src/ in the tarball`);

  // Every path the manifest points at is in the tarball.
  const targets = [];
  const walk = (v) => {
    if (typeof v === 'string') targets.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(packed.exports);
  walk(packed.bin);
  for (const k of ['main', 'module', 'types', 'customElements']) if (packed[k]) targets.push(packed[k]);
  for (const t of targets) if (!has(t)) fail(`${name}: the manifest points at ${t}, which is not in the tarball`);
  const types = packed.types ?? packed.exports?.['.']?.types;
  if (!types) fail(`${name}: the manifest names no types`);
  log(`${name}: ${files.length} files, ${targets.length} manifest targets present`);
}
for (const want of ['@auth-login/widget', '@auth-login/bff', '@auth-login/xml', '@auth-login/simulators'])
  if (!packs[want]) fail(`${want} was not packed`);

// --- 2. install into an empty app and use it ------------------------------------------------------
if (!problems.length) {
  const app = join(work, 'my-app');
  run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-app', private: true, type: 'module' }));
  const tarballs = ['@auth-login/xml', '@auth-login/bff', '@auth-login/widget'].map((n) => packs[n]);
  log(`npm install ${tarballs.map((t) => t.split('/').pop()).join(' ')}`);
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], {
    cwd: app,
    timeout: 300_000,
  });
  for (const n of ['@auth-login/xml', '@auth-login/bff', '@auth-login/widget']) {
    try {
      const { version } = JSON.parse(readFileSync(join(app, 'node_modules', n, 'package.json'), 'utf8'));
      if (version !== versions[n]) fail(`${n}: installed ${version}, packed ${versions[n]}`);
    } catch {
      fail(`${n} is not installed in the app`);
    }
  }

  // Bare specifiers resolve from the app.
  const resolved = run(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "for (const s of ['@auth-login/widget', '@auth-login/bff', '@auth-login/widget/auth-login.js']) console.log(import.meta.resolve(s));",
    ],
    { cwd: app },
  );
  if (resolved.split('\n').filter((l) => l.startsWith('file://')).length !== 3) fail(`bare specifiers: ${resolved}`);

  // The installed bff, started from a YAML file, answers GET /auth/config.
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = readme.slice(readme.indexOf('<!-- local-dev-yaml -->'), readme.indexOf('<!-- /local-dev-yaml -->'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(block)?.[1];
  if (!yaml) fail('README: no <!-- local-dev-yaml --> block');
  else {
    writeFileSync(join(app, 'auth-bff.yaml'), yaml);
    const bin = join(app, 'node_modules/.bin/auth-bff');
    const child = spawn(bin, ['--config', 'auth-bff.yaml', '--port', '0'], {
      cwd: app,
      env: { ...process.env, SESSION_SECRET: 'check-packs-session-secret-0123456789abcdef' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stderr.on('data', (d) => (out += d));
    try {
      const url = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`auth-bff did not start in 15 s:\n${out}`)), 15_000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /auth-bff listening on (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`auth-bff exited with ${code}:\n${out}`)));
      });
      const res = await fetch(`${url}/auth/config`);
      const body = await res.json();
      const ids = body.methods?.map((m) => m.id).join(' ');
      if (res.status !== 200 || ids !== 'password phone otp token')
        fail(`installed auth-bff: GET /auth/config → ${res.status} ${JSON.stringify(body)}`);
      else log(`installed auth-bff from a YAML file: GET /auth/config → 200, methods ${ids}`);
    } catch (e) {
      fail(`installed auth-bff: ${e.message}`);
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
  }

  // The installed widget's dist/auth-login.js loads in Chromium and defines <auth-login>.
  const dist = join(app, 'node_modules/@auth-login/widget/dist');
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><title>t</title><p id="r">pending</p>
<script type="module">
  import '/assets/auth-login.js';
  document.getElementById('r').textContent = customElements.get('auth-login') ? 'DEFINED' : 'UNDEFINED';
</script>`);
      return;
    }
    try {
      const file = join(dist, path.replace(/^\/assets\//, ''));
      if (!path.startsWith('/assets/') || !file.startsWith(dist)) throw new Error('no');
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const dom = await new Promise((resolve, reject) => {
      const c = spawn(
        chromiumPath(),
        [
          ...chromiumArgs,
          '--headless=new',
          `--user-data-dir=${join(work, 'chromium')}`,
          '--virtual-time-budget=5000',
          '--dump-dom',
          `http://127.0.0.1:${server.address().port}/`,
        ],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      let html = '';
      c.stdout.on('data', (d) => (html += d));
      const timer = setTimeout(() => (c.kill('SIGKILL'), reject(new Error('Chromium did not finish in 30 s'))), 30_000);
      c.once('exit', () => (clearTimeout(timer), resolve(html)));
    });
    if (!/<p id="r">DEFINED<\/p>/.test(dom))
      fail(`installed widget: dist/auth-login.js did not define <auth-login> (${/<p id="r">(\w+)/.exec(dom)?.[1]})`);
    else log('installed @auth-login/widget: dist/auth-login.js loads and defines <auth-login>');
  } finally {
    server.close();
  }
}

if (!keep) rmSync(work, { recursive: true, force: true });
else log(`kept ${work}`);
if (problems.length) {
  console.error(`check-packs: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
log('every package is publish-ready');
