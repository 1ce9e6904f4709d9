#!/usr/bin/env node
// A small, dependency-free lint for what tsc does not catch: focused or skipped tests left
// behind, debugger statements, and console.log in library code (use the logger).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2);
const rules = [
  { re: /\b(describe|it|test)\.only\(/, why: 'focused test (.only) left in' },
  { re: /^\s*debugger;?\s*$/m, why: 'debugger statement' },
  { re: /\bconsole\.log\(/, why: 'console.log in library code (use the logger)', skipTests: true },
];
let problems = 0;
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(file).isDirectory()) {
      walk(file);
      continue;
    }
    if (!/\.(ts|mjs|js)$/.test(name)) continue;
    const text = readFileSync(file, 'utf8');
    const isTest = /\.test\.|test-kit|test-support/.test(file);
    for (const rule of rules) {
      if (rule.skipTests && isTest) continue;
      const m = rule.re.exec(text);
      if (m) {
        const line = text.slice(0, m.index).split('\n').length;
        console.error(`${file}:${line}: ${rule.why}`);
        problems++;
      }
    }
  }
}
roots.forEach(walk);
process.exit(problems ? 1 : 0);
