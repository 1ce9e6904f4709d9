import { z } from 'zod';

/**
 * Durations in the config file: `500ms`, `30s`, `15m`, `12h`, `2d` (docs/architecture.md "BFF configuration").
 * A bare number is refused on purpose: `timeout: 5` is ambiguous (seconds? ms?).
 */
const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/**
 * Parses `30s` → 30000 (milliseconds). Throws a RangeError naming the accepted forms, never the
 * text itself: a config value may come from an environment variable holding a secret.
 */
export function parseDuration(text: string): number {
  const match = PATTERN.exec(text.trim());
  if (!match) {
    throw new RangeError('is not a duration (use e.g. 500ms, 30s, 15m, 12h, 1d)');
  }
  const ms = Number(match[1]) * (UNITS[match[2]!] ?? NaN);
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError('must be a positive duration');
  return Math.round(ms);
}

/**
 * A zod field for durations: accepts `30s` and outputs milliseconds. Connector schemas use it
 * for `timeout`: `timeout: connectorTimeoutSchema` (zod 4: `.default()` takes the OUTPUT, i.e. ms).
 */
export const durationSchema = z
  .string({ error: 'must be a duration such as 30s, 15m or 12h' })
  .transform((value, ctx) => {
    try {
      return parseDuration(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/**
 * The `timeout` every connector takes (docs/architecture.md: default 5s), at most 60s: a sign-in
 * waiting longer is broken, and the session store relies on no request outliving a few minutes.
 */
export const connectorTimeoutSchema = durationSchema
  .refine((ms) => ms <= 60_000, 'at most 60s (a sign-in call that takes longer is a fault)')
  .default(5_000);
