#!/usr/bin/env node
// Builds the package (docs/architecture.md "How it is started"):
//  1. dist/auth-login.js — one self-contained ES module, Lit included, minified; each locale a lazy chunk.
//  2. dist/lib — the bundler entry (tsc), `lit` left as a dependency, with .d.ts types.
//  3. custom-elements.json — the manifest editors and Storybook read.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUDGET, report } from './size.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
rmSync('dist', { recursive: true, force: true });

// esbuild keeps template literals as written, so the comments and indentation of the css``
// blocks would ship. Collapse them: comments, whitespace runs, spaces around { } ; and after , : (a
// colon followed by a space only occurs in declarations and media queries in these styles).
const minifyCss = {
  name: 'minify-css-templates',
  setup(b) {
    b.onLoad({ filter: /\.styles\.ts$/ }, ({ path }) => ({
      loader: 'ts',
      contents: readFileSync(path, 'utf8').replace(
        /css`([^`]*)`/g,
        (_, body) =>
          `css\`${body
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(/\s+/g, ' ')
            .replace(/\s*([{};])\s*/g, '$1')
            .replace(/([,:])\s+/g, '$1')
            .trim()}\``,
      ),
    }));
  },
};

// Likewise the indentation inside html`` templates: a newline followed by spaces is the same
// whitespace to HTML as a newline alone (no <pre> or <textarea> in the templates), and outside
// template literals indentation means nothing to JavaScript.
const dedentTemplates = {
  name: 'dedent-templates',
  setup(b) {
    // After minifyCss's onLoad (the first callback that returns contents wins): not the styles.
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, ({ path }) => ({
      loader: 'ts',
      contents: readFileSync(path, 'utf8').replace(/\n[ \t]+/g, '\n'),
    }));
  },
};

// Each non-English locale (src/internal/locales/<tag>.ts) is also an entry point, so it is emitted
// as dist/chunks/<tag>.js without a content hash: the main file's table of lazy imports then
// repeats one pattern (`fr:()=>import("./chunks/fr.js")`) that gzip nearly erases, where hashed
// names cost ~10 bytes each. The chunks ship next to auth-login.js, versioned with it.
const locales = readdirSync('src/internal/locales')
  .map((f) => /^([a-z]{2}(?:-[A-Z]{2})?)\.ts$/.exec(f)?.[1])
  .filter((tag) => tag && tag !== 'en');

await build({
  entryPoints: {
    'auth-login': 'src/index.ts',
    ...Object.fromEntries(locales.map((tag) => [`chunks/${tag}`, `src/internal/locales/${tag}.ts`])),
  },
  plugins: [minifyCss, dedentTemplates],
  bundle: true,
  splitting: true, // dynamic import('./locales/fr.js') → dist/chunks/fr.js, fetched only when used
  format: 'esm',
  minify: true,
  // The element's private members (`_error`, `_active`, ...: TypeScript `private`, never read by
  // name from outside) get short names in the script-tag build; Lit's own internals (`_$…`) and
  // every public name are left alone. demo/test/readme.test.ts signs in through this very file.
  mangleProps: /^_[a-z][A-Za-z]*$/,
  target: 'es2021',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  tsconfig: 'tsconfig.json',
  legalComments: 'none',
  // Lit's production build (no dev-mode warnings), as its docs advise for shipping.
  conditions: ['production'],
  define: { 'process.env.NODE_ENV': '"production"' },
});

// A CLI by its package's `bin` field, found by Node's module resolution (typescript is the
// workspace root's dev dependency, the analyzer this package's), run with this Node.
const require = createRequire(import.meta.url);
const bin = (pkg, name) => {
  const pkgJson = require.resolve(`${pkg}/package.json`);
  const { bin: bins } = JSON.parse(readFileSync(pkgJson, 'utf8'));
  return join(dirname(pkgJson), typeof bins === 'string' ? bins : bins[name]);
};
execFileSync(process.execPath, [bin('typescript', 'tsc'), '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
execFileSync(
  process.execPath,
  [
    bin('@custom-elements-manifest/analyzer', 'cem'),
    'analyze',
    '--litelement',
    '--globs',
    'src/**/*.ts',
    '--exclude',
    'src/**/*.test.ts',
    '--exclude',
    'src/test-support/**',
    '--outdir',
    '.',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);

// The analyzer lists Lit's internal reactive state (`_session`, ...) as attributes and private
// members; the manifest should describe only the public API. Modules are sorted by path so the
// committed file does not depend on the order the file system lists the sources in.
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
for (const mod of manifest.modules)
  for (const d of mod.declarations ?? []) {
    const isPublic = (m) => m.name && !m.name.startsWith('_') && m.privacy !== 'private' && m.privacy !== 'protected';
    if (d.attributes) d.attributes = d.attributes.filter(isPublic);
    if (d.members) d.members = d.members.filter(isPublic);
    if (d.events) d.events = d.events.filter((e) => e.name);
  }
writeFileSync('custom-elements.json', `${JSON.stringify(manifest, null, 2)}\n`);

const { ok } = report();
if (!ok) {
  console.error(
    `over budget: dist/auth-login.js must stay within ${BUDGET / 1024} KB min+gzip, each chunk within its own (size.mjs CHUNK_BUDGETS)`,
  );
  process.exit(1);
}
