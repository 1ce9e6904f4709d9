import { it } from 'vitest';
import { startTestBff } from '/work/main/packages/bff/src/app.test-kit.js';
it('t', async () => {
  const bff = await startTestBff({ limits: { perAccount: { failures: 5 }, perIp: { failures: 100 } } });
  const t0 = performance.now();
  const r = await Promise.all(Array.from({ length: 30 }, async () => { const s = performance.now(); const x = await bff.client().signIn('wrong'); return [x.status, Math.round(performance.now() - s)]; }));
  console.log(JSON.stringify(r), Math.round(performance.now() - t0));
  await bff.close();
});
