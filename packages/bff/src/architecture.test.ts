/**
 * The module map of src/, checked. Units are the top-level folders and the top-level files of
 * src/. Each belongs to a layer; an import (or export-from, type-only ones included) may only
 * point DOWN, to a unit of a lower layer. So no two units import each other, no cycle between
 * units can form, and config/ never reaches connectors/ (same layer: neither imports the other;
 * the entry points hand the connector registry to config/parse.ts).
 *
 *   index.ts → cli.ts → start.ts → app.ts → routes/ → http/ → runtime.ts, stores.ts
 *     → session/, security/ → store/ → config/, connectors/ → methods.ts
 *     → shared/, log/, lifecycle/, observability/ → errors.ts
 *
 * Test files, test kits and test-support/ are left out (tests may reach anywhere).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

/** Top to bottom. A unit may import units of LATER layers only. */
const LAYERS: string[][] = [
  ['index.ts'],
  ['cli.ts'],
  ['start.ts'],
  ['app.ts'],
  ['routes'],
  ['http'],
  ['runtime.ts', 'stores.ts'],
  ['session', 'security'],
  ['store'],
  ['config', 'connectors'],
  ['methods.ts'],
  ['shared', 'log', 'lifecycle', 'observability'],
  ['errors.ts'],
];

/** Known upward imports, by importing file prefix → imported file (none today; each would be a debt). */
const ALLOWED_EXCEPTIONS: Array<{ from: RegExp; to: string }> = [];

const isTestFile = (path: string) =>
  /\.test\.ts$|\.test-kit\.ts$|(^|\/)test-helpers\.ts$/.test(path) || path.startsWith('test-support/');

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    const rel = relative(SRC, path);
    return entry.name.endsWith('.ts') && !isTestFile(rel) ? [rel] : [];
  });
}

/** Relative specifiers of `import … from`, `import '…'`, `export … from` and `import('…')`. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]/gms,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found.filter((s) => s.startsWith('.'));
}

const unitOf = (path: string) => path.split('/')[0]!;
const layerOf = (unit: string) => LAYERS.findIndex((layer) => layer.includes(unit));

function edges(): Array<{ from: string; to: string }> {
  return sourceFiles().flatMap((from) =>
    importsOf(readFileSync(join(SRC, from), 'utf8')).map((specifier) => ({
      from,
      to: relative(SRC, resolve(SRC, dirname(from), specifier)).replace(/\.js$/, '.ts'),
    })),
  );
}

describe('module map', () => {
  it('finds the imports of a file (the parser this test relies on)', () => {
    const source = [
      "import type { A } from './a.js';",
      "import {\n  b,\n  type C,\n} from '../b/c.js';",
      "export { d } from './d.js';",
      "export * from './e.js';",
      "import './f.js';",
      "const g = await import('./g.js');",
      "import { z } from 'zod';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a.js', '../b/c.js', './d.js', './e.js', './f.js', './g.js']);
  });

  it('places every unit of src/ in a layer', () => {
    const units = new Set(sourceFiles().map(unitOf));
    expect([...units].filter((unit) => layerOf(unit) === -1)).toEqual([]);
  });

  it('has every import between units point down a layer (no cycles, no folder pair importing each other)', () => {
    const wrong = edges()
      .filter(({ from, to }) => unitOf(from) !== unitOf(to))
      .filter(({ from, to }) => layerOf(unitOf(from)) >= layerOf(unitOf(to)))
      .filter(({ from, to }) => !ALLOWED_EXCEPTIONS.some((e) => e.from.test(from) && e.to === to))
      .map(({ from, to }) => `${from} → ${to}`);
    expect(wrong).toEqual([]);
  });

  it('keeps config/ free of connectors/, both ways but for the listed exceptions', () => {
    const crossing = edges()
      .filter(({ from, to }) => new Set([unitOf(from), unitOf(to)]).size === 2)
      .filter(
        ({ from, to }) =>
          ['config', 'connectors'].includes(unitOf(from)) && ['config', 'connectors'].includes(unitOf(to)),
      )
      .filter(({ from, to }) => !ALLOWED_EXCEPTIONS.some((e) => e.from.test(from) && e.to === to))
      .map(({ from, to }) => `${from} → ${to}`);
    expect(crossing).toEqual([]);
  });
});

/**
 * Imports `file` (a source path under src/) in a new Node process; what the import loaded: the
 * URL of every module, and the Node built-ins loaded by it (not those Node loaded at start-up).
 */
async function loadedBy(file: string): Promise<{ urls: string[]; builtins: string[] }> {
  const loader = pathToFileURL(join(SRC, '../test/support/ts-loader.mjs')).href;
  const target = pathToFileURL(join(SRC, file)).href;
  const script = `
    import { register } from 'node:module';
    import { MessageChannel } from 'node:worker_threads';
    import { writeSync } from 'node:fs';
    const { port1, port2 } = new MessageChannel();
    const urls = [];
    port1.on('message', (url) => urls.push(url));
    register(${JSON.stringify(loader)}, { data: { port: port2 }, transferList: [port2] });
    const before = new Set(process.moduleLoadList);
    await import(${JSON.stringify(target)});
    await new Promise((r) => setTimeout(r, 100));
    port1.close();
    const builtins = process.moduleLoadList
      .filter((m) => !before.has(m) && m.startsWith('NativeModule '))
      .map((m) => m.slice(13));
    writeSync(1, JSON.stringify({ urls, builtins }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: join(SRC, '..'),
    timeout: 30_000,
  });
  return JSON.parse(stdout) as { urls: string[]; builtins: string[] };
}

const NETWORK = (loaded: { urls: string[]; builtins: string[] }) => [
  ...loaded.builtins.filter((m) => m === 'net' || m === 'tls'),
  ...loaded.urls.filter((url) => /\/(undici|ioredis)\/|\/packages\/xml\/|\/connectors\//.test(url)),
];

describe('validating a config file in a fresh process', () => {
  it('loads no connector, no network module (undici, node:net, node:tls) and no XML codec', async () => {
    const loaded = await loadedBy('config/parse.ts');
    expect(loaded.urls.some((url) => url.endsWith('/config/parse.ts'))).toBe(true);
    expect(NETWORK(loaded)).toEqual([]);
  }, 30_000);

  it('does see them when the connector registry is imported (the check can fail)', async () => {
    const loaded = await loadedBy('connectors/index.ts');
    const found = NETWORK(loaded).join(' ');
    expect(found).toMatch(/\btls\b/);
    expect(found).toMatch(/undici/);
  }, 30_000);
});
