// Node module hooks (module.register) that run the TypeScript sources directly, for tests that
// need a FRESH process (architecture.test.ts): `.js` specifiers resolve to the `.ts` file beside
// them, `.ts` is transpiled with Vite's oxc transform, and the URL of every module loaded is
// posted to `data.port`, so the parent can list what an import pulled in. The hooks run in
// Node's loader thread, so Vite never loads in the thread being observed.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformWithOxc } from 'vite';

let port;

export function initialize(data) {
  port = data.port;
}

export function resolve(specifier, context, next) {
  if ((specifier.startsWith('.') || specifier.startsWith('/')) && specifier.endsWith('.js') && context.parentURL) {
    const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (ts.protocol === 'file:' && existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  port?.postMessage(url);
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const path = fileURLToPath(url);
  const { code } = await transformWithOxc(readFileSync(path, 'utf8'), path, { lang: 'ts' });
  return { format: 'module', source: code, shortCircuit: true };
}
