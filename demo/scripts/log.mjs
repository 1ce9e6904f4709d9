/**
 * The BFF logs pino JSON lines (already redacted and scrubbed by the BFF). In the demo console we
 * show only what helps a person follow along: audit events (sign-ins, codes sent, sign-outs) and
 * warnings, one short line each, tagged with the preset. Tests pass `quiet` and see nothing.
 */
const WANTED = ['audit', 'method', 'connector', 'userId', 'reason', 'retryAfterSeconds'];

/** A pino DestinationStream for one preset's BFF. */
export function demoLogStream(presetId, { quiet = false, print = (line) => console.log(line) } = {}) {
  return {
    write(line) {
      if (quiet) return;
      let record;
      try {
        record = JSON.parse(line);
      } catch {
        return;
      }
      // Said once by start.mjs instead of once per preset.
      if (typeof record.msg === 'string' && record.msg.startsWith('session.cookie.secure is false')) return;
      if (!record.audit && (record.level ?? 0) < 40) return;
      const fields = WANTED.filter((k) => k !== 'audit' && record[k] !== undefined).map((k) => `${k}=${record[k]}`);
      const what = record.audit ?? record.msg ?? 'log';
      print(`  [${presetId}] ${what}${fields.length ? ` ${fields.join(' ')}` : ''}`);
    },
  };
}
