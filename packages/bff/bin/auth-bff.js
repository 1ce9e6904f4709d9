#!/usr/bin/env node
// The standalone BFF: auth-bff --config FILE [--port N]. Built code only (pnpm build first).
let cli;
try {
  cli = await import('../dist/index.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/index.js')) {
    console.error('auth-bff: packages/bff is not built yet; run `pnpm build` first');
    process.exit(1);
  }
  throw error;
}
const result = await cli.runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  env: process.env,
});
if (typeof result === 'number') process.exit(result);
