// Open-loop (paced) load and percentiles, shared by the bench's load generator and its `direct`
// child so both sides of a comparison are driven by the same code.

/** p50 / p99 of latencies in ms (nearest rank). */
export function percentiles(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * Starts `call()` at `rate` per second for `seconds`, at evenly spaced scheduled times, with at
 * most `maxInFlight` outstanding (a start that finds them all busy waits, and its wait counts).
 * Latency is measured from the SCHEDULED start (or the actual one, if a timer fired early), so a
 * stalled client or server cannot hide delay (no coordinated omission). Resolves { rps, count, p50, p99 } once every started call is done.
 */
export async function paced({ rate, seconds, maxInFlight, call }) {
  const interval = 1000 / rate;
  const total = Math.max(1, Math.round(rate * seconds));
  const latencies = [];
  const inFlight = new Set();
  const t0 = performance.now() + 5;
  for (let i = 0; i < total; i++) {
    const scheduled = t0 + i * interval;
    const wait = scheduled - performance.now();
    // No busy-wait (it would steal CPU from the servers): a timer may fire up to ~1 ms late,
    // which counts in the latency of both sides alike.
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    // From the scheduled time if we start late (the wait counts); from now if a timer fired early.
    const from = Math.min(scheduled, performance.now());
    const p = call().then(() => {
      latencies.push(performance.now() - from);
      inFlight.delete(p);
    });
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  return {
    rps: latencies.length / ((performance.now() - t0) / 1000),
    count: latencies.length,
    ...percentiles(latencies),
  };
}
