#!/usr/bin/env node
// Prints the min+gzip size of the script-tag build and of each lazily loaded chunk (locales).
// `pnpm bench` runs this from the repository root; paths are relative to this file.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
export const BUDGET = 15 * 1024;
/** Lazily loaded chunks with a budget of their own (min+gzip): the country selector, each language. */
export const CHUNK_BUDGETS = [
  { name: 'country selector', test: /^chunks\/phone-/, budget: 2.5 * 1024 },
  { name: 'language', test: /^chunks\/[a-z]{2}(-[A-Z]{2})?\.js$/, budget: 1.5 * 1024 },
];

/** The chunks over their own budget. */
export const overBudgetChunks = (rows) =>
  rows.filter((r) => CHUNK_BUDGETS.some((b) => b.test.test(r.file) && r.gzip > b.budget));

export function sizes() {
  const files = [
    'auth-login.js',
    ...readdirSync(`${dist}chunks`)
      .filter((f) => f.endsWith('.js'))
      .map((f) => `chunks/${f}`),
  ];
  return files.map((file) => {
    const bytes = readFileSync(dist + file);
    return { file, min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

export function report() {
  if (!existsSync(`${dist}auth-login.js`))
    throw new Error('dist/auth-login.js is missing: run `node scripts/build.mjs`');
  const rows = sizes();
  const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
  console.log('file'.padEnd(34), 'minified'.padStart(10), 'min+gzip'.padStart(10));
  for (const r of rows) console.log(`dist/${r.file}`.padEnd(34), kb(r.min).padStart(10), kb(r.gzip).padStart(10));
  const main = rows[0].gzip;
  console.log(`\nscript-tag build (dist/auth-login.js, Lit included): ${kb(main)} min+gzip, budget ${kb(BUDGET)}`);
  console.log(
    `chunk budgets: ${CHUNK_BUDGETS.map((b) => `${b.name} ${kb(b.budget)}`).join(', ')}; over: ${
      overBudgetChunks(rows)
        .map((r) => r.file)
        .join(', ') || 'none'
    }`,
  );
  console.log('anchors (docs/anchors.md §2): Hanko Elements 44 KB gz, Lit baseline 6.3 KB, typical widgets 230-450 KB');
  return { rows, ok: main <= BUDGET && overBudgetChunks(rows).length === 0 };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { ok } = report();
  if (!ok) {
    console.error('over budget');
    process.exit(1);
  }
}
