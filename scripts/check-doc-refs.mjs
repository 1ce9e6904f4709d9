#!/usr/bin/env node
// Checks the repository's references to its own documentation, without dependencies:
//
// 1. Every `docs/<path>.md` mentioned in source, comments, READMEs and docs exists, and whatever
//    follows the mention exists in that file: section numbers (`§7`, `§7.6`, `§4.1-§4.4`) as
//    numbered headings, quoted headings (`"BFF configuration"`) as heading text, and requirement or
//    test ids (`A-05`, `T15`) as entries of docs/security.md.
// 2. Relative markdown links to `.md` files resolve.
// 3. Bare `§n` references inside docs/*.md point at headings of the same file.
// 4. Outside docs/, nothing cites the old out-of-repo notes (the security checklist, design, anchors,
//    toolchain and style notes by their file names, protocol notes without `docs/`, `../shared/…`).
// 5. Anywhere, a bare Markdown file name (no folder) is one the repository has (so a note that
//    lives elsewhere, a brief or an issue template, cannot be cited by name).
//
// Usage: node scripts/check-doc-refs.mjs [--quiet]. Exit 1 when anything is wrong, 0 otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const self = relative(root, fileURLToPath(import.meta.url));
const quiet = process.argv.includes('--quiet');

const SCAN = ['packages', 'demo', 'scripts', 'docs', 'deploy', 'tools', '.ci', 'README.md'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', 'coverage', 'screenshots']);
const EXTENSIONS = /\.(ts|tsx|mts|cts|js|mjs|cjs|json|ya?ml|md|html|css|conf|service)$/;
const SKIP_FILES = new Set(['package.json', 'pnpm-lock.yaml']);

function* walk(path) {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isFile()) {
    yield path;
    return;
  }
  for (const name of readdirSync(path)) {
    if (SKIP_DIRS.has(name)) continue;
    const child = join(path, name);
    if (statSync(child).isDirectory()) yield* walk(child);
    else if (EXTENSIONS.test(name) && !SKIP_FILES.has(name)) yield child;
  }
}

// --- what a doc offers: numbered headings, heading texts, requirement/test ids -------------------
const docCache = new Map();
function docInfo(file) {
  if (docCache.has(file)) return docCache.get(file);
  let info = null;
  if (existsSync(file) && statSync(file).isFile()) {
    const text = readFileSync(file, 'utf8');
    const headings = [];
    const numbers = new Set();
    let fence = false;
    for (const line of text.split('\n')) {
      if (/^\s*```/.test(line)) fence = !fence;
      if (fence) continue;
      const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
      if (!h) continue;
      headings.push(h[1]);
      const n = /^(\d+(?:\.\d+)*)\.?(\s|$)/.exec(h[1]);
      if (n) numbers.add(n[1]);
    }
    const ids = new Set();
    for (const m of text.matchAll(/\*\*([A-K]-\d{2})\b/g)) ids.add(m[1]);
    for (const m of text.matchAll(/^\|\s*(T\d{2})\s*\|/gm)) ids.add(m[1]);
    info = { headings, numbers, ids };
  }
  docCache.set(file, info);
  return info;
}

const problems = [];
const report = (file, line, message) => problems.push(`${relative(root, file)}:${line}: ${message}`);

// A citation tail: `§7`, `§4.1-§4.4`, `"Heading"`, `A-01..A-05`, `T15/T16`, joined by , - – / .. and.
const ITEM = String.raw`(?:§\s?\d+(?:\.\d+)*|[A-K]-\d{2}|T\d{2}[a-z]?|"[^"\n]{1,80}"|“[^”\n]{1,80}”)`;
const SEP = String.raw`\s*(?:,|–|-|\/|\.\.|and|&)\s*`;
const TAIL = new RegExp(String.raw`^\`?\)?\s*(${ITEM}(?:${SEP}${ITEM})*)`);

function expandIds(seq) {
  // `A-01..A-05` / `T04-T07` → every id in between (same letter), else the ids as written.
  const out = [];
  const re = new RegExp(
    String.raw`([A-K])-(\d{2})\s*(?:\.\.|–|-)\s*\1-(\d{2})|T(\d{2})([a-z]?)\s*(?:\.\.|–|-)\s*T(\d{2})|([A-K]-\d{2}|T\d{2}[a-z]?)`,
    'g',
  );
  for (const m of seq.matchAll(re)) {
    if (m[1]) for (let i = +m[2]; i <= +m[3]; i++) out.push(`${m[1]}-${String(i).padStart(2, '0')}`);
    else if (m[4]) for (let i = +m[4]; i <= +m[6]; i++) out.push(`T${String(i).padStart(2, '0')}`);
    else out.push(m[7].replace(/^(T\d{2})[a-z]$/, '$1'));
  }
  return out;
}

function checkTail(file, lineNo, docPath, info, tail) {
  const m = TAIL.exec(tail);
  if (!m) return;
  const seq = m[1];
  for (const s of seq.matchAll(/§\s?(\d+(?:\.\d+)*)/g)) {
    if (!info.numbers.has(s[1])) report(file, lineNo, `${docPath}: no section §${s[1]}`);
  }
  for (const q of seq.matchAll(/"([^"\n]+)"|“([^”\n]+)”/g)) {
    const want = (q[1] ?? q[2]).toLowerCase();
    if (!info.headings.some((h) => h.replace(/`/g, '').toLowerCase().includes(want)))
      report(file, lineNo, `${docPath}: no heading "${q[1] ?? q[2]}"`);
  }
  for (const id of expandIds(seq)) {
    if (!info.ids.has(id)) report(file, lineNo, `${docPath}: no entry ${id}`);
  }
}

const LEGACY = [
  // the old notes lived in a `shared/` folder beside the repository (not packages' own `shared/` code)
  [/(?:\.\.\/)+shared\/(?:(?:protocols|seeds)\/[\w./-]*|[A-Z]+\.md)/g, 'points outside the repository ($&)'],
  [/(?<![\w/.-])(SECURITY|DESIGN|ANCHORS|TOOLCHAIN|STYLE)\.md\b/g, 'cites the out-of-repo $&'],
  [/(?<!docs\/)(?<![\w-])protocols\/[a-z-]+\.md/g, 'cites $& outside docs/ (use docs/protocols/…)'],
  [
    /(?<![\w/.-])(broadworks-oci|vzl-agent|digipass-gateway|authing|openiam)\.md\b/g,
    'cites $& without its docs/protocols/ path',
  ],
];

// Basenames of the repository's own Markdown files (rule 5).
const OWN_MD = new Set(
  execFileSync('git', ['ls-files', '*.md'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.split('/').at(-1)),
);

for (const top of SCAN) {
  for (const file of walk(join(root, top))) {
    const rel = relative(root, file);
    if (rel === self) continue;
    const inDocs = rel.startsWith('docs/');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const lineNo = i + 1;
      const next = (lines[i + 1] ?? '').replace(/^\s*(\*|\/\/|#|<!--)?\s*/, '');

      // 4. legacy citations, outside docs/ only
      if (!inDocs) {
        const seen = []; // one problem per place, even when several patterns match it
        for (const [re, message] of LEGACY) {
          for (const m of line.matchAll(re)) {
            const end = m.index + m[0].length;
            if (seen.some(([a, b]) => m.index < b && end > a)) continue;
            seen.push([m.index, end]);
            report(file, lineNo, message.replace('$&', m[0]));
          }
        }
      }

      // 5. bare Markdown file names the repository does not have
      for (const m of line.matchAll(/(?<![\w/.-])([\w-]+\.md)\b/g)) {
        if (!OWN_MD.has(m[1]) && !(!inDocs && LEGACY.some(([re]) => new RegExp(re.source).test(m[0]))))
          report(file, lineNo, `cites ${m[1]}, which is not in the repository`);
      }

      // 1. docs/<path>.md references (repo-root relative, or relative to the file)
      for (const m of line.matchAll(/((?:\.\.?\/)*)docs\/([\w./-]+?\.md)\b/g)) {
        const docPath = `docs/${m[2]}`;
        const candidates = [join(root, docPath), resolve(dirname(file), `${m[1]}docs/${m[2]}`)];
        const target = candidates.find((c) => docInfo(c));
        if (!target) {
          report(file, lineNo, `${docPath} does not exist`);
          continue;
        }
        const tail = line.slice(m.index + m[0].length) + ' ' + next;
        checkTail(file, lineNo, docPath, docInfo(target), tail.replace(/^#[\w-]*/, ''));
      }

      // 2. relative markdown links to .md files
      if (file.endsWith('.md')) {
        for (const m of line.matchAll(/\]\(((?!https?:|mailto:|#)[^)\s#]+\.md)(#[^)]*)?\)/g)) {
          if (!existsSync(resolve(dirname(file), m[1]))) report(file, lineNo, `broken link ${m[1]}`);
        }
      }

      // 3. bare § references inside docs point at the same file (external standards excluded)
      if (inDocs && !/^\s*```/.test(line)) {
        const info = docInfo(file);
        const re = new RegExp(String.raw`(\S*)\s*(§\s?\d+(?:\.\d+)*(?:${SEP}§\s?\d+(?:\.\d+)*)*)`, 'g');
        for (const m of line.matchAll(re)) {
          if (/\.md`?$|NIST|800-63|ASVS|RFC/i.test(m[1]) || /NIST|800-63/.test(line.slice(0, m.index))) continue;
          for (const s of m[2].matchAll(/§\s?(\d+(?:\.\d+)*)/g)) {
            if (!info.numbers.has(s[1])) report(file, lineNo, `no section §${s[1]} in this file`);
          }
        }
      }
    });
  }
}

if (!quiet) for (const p of problems) console.error(p);
console.error(
  problems.length === 0
    ? 'check-doc-refs: every documentation reference resolves'
    : `check-doc-refs: ${problems.length} problem(s)`,
);
process.exit(problems.length === 0 ? 0 : 1);
