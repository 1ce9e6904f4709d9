#!/usr/bin/env node
// `pnpm bench`: every benchmark of the project, one after another, against the built packages.
// Speed and size are measured here, never in timed tests.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const benches = [
  ['Widget size (min + gzip)', 'packages/auth-login/scripts/size.mjs'],
  ['BroadWorks OCI-P: kept-open session vs fresh login', 'packages/bff/bench/broadworks.mjs'],
  ['BFF HTTP throughput and memory', 'packages/bff/bench/http.mjs'],
  ['BFF under a password flood: legit latency, upstream calls, CPU per refusal', 'packages/bff/bench/attack.mjs'],
];
let failed = 0;
for (const [title, script] of benches) {
  console.log(`\n## ${title}\n`);
  if (!existsSync(`${root}/${script}`)) {
    console.log(`(not available: ${script})`);
    continue;
  }
  const run = spawnSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.log(`(${script} exited ${run.status})`);
  }
}
process.exit(failed ? 1 : 0);
