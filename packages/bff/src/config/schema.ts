/**
 * THE schema of the BFF config file (docs/architecture.md "BFF configuration"): one zod schema gives the
 * types, the defaults and the error messages. Every object is `.strict()` (unknown keys are
 * errors). Connector entries are checked separately against their type's registered schema
 * (config/parse.ts), because the registry is filled in by each connector folder. The `methods`
 * object has one optional key per sign-in method of the method table (methods.ts).
 */
import { z } from 'zod';
import { METHODS, type SignInMethod } from '../methods.js';
import { durationSchema, parseDuration } from '../shared/duration.js';
import { isPhoneRegion } from '../shared/phone.js';

const origin = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
    } catch {
      return false;
    }
  },
  { error: 'must be an origin: scheme://host[:port], no path or trailing slash' },
);

const limitWindow = (failures: number) =>
  z
    .object({
      failures: z.number().int().min(1).max(100, 'at most 100 (NIST SP 800-63B §5.2.2)').default(failures),
      window: durationSchema.default(15 * 60_000),
      lock: durationSchema.default(15 * 60_000),
    })
    .strict();

/** Cookie names are RFC 6265 tokens. */
const cookieName = z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'must be a cookie name (letters, digits, - _ .)');

/** An ISO 3166-1 alpha-2 region libphonenumber-js has a number plan for (`FR`, `US`, `CN`). */
const phoneRegion = z.string().refine(isPhoneRegion, {
  error: 'must be an upper-case ISO 3166-1 alpha-2 region with a phone number plan (FR, US, CN...)',
});

/**
 * Phone settings of the deployment (docs/security.md A-11): the region a number typed without `+`
 * belongs to (wins over each connector's own default), and the regions phone numbers may belong to.
 */
const phoneSettings = z
  .object({
    defaultCountry: phoneRegion.optional(),
    countries: z
      .array(phoneRegion)
      .min(1, 'list at least one region, or leave countries out (every region)')
      .refine((list) => new Set(list).size === list.length, 'must not list a region twice')
      .optional(),
  })
  .strict()
  .refine((p) => !p.defaultCountry || !p.countries || p.countries.includes(p.defaultCountry), {
    error: 'must be one of phone.countries',
    path: ['defaultCountry'],
  });

/** A duration that may be zero (`0ms`), for the response floor's bounds. */
const floorDuration = z.string({ error: 'must be a duration such as 0ms, 50ms or 2s' }).transform((value, ctx) => {
  if (/^0+(?:\.0+)?(?:ms|s|m|h|d)$/.test(value.trim())) return 0;
  try {
    return parseDuration(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

const methodEntry = z.object({ connector: z.string().min(1) }).strict();

/** The config schema for a method table (the built-in one: `configSchema`). */
export function createConfigSchema(methods: readonly Pick<SignInMethod, 'id' | 'secondStep'>[]) {
  const methodEntries: Record<string, z.ZodOptional<typeof methodEntry>> = {};
  // A second step (mfa) has no key: it is served by the connector of the first step that asked for it.
  for (const { id, secondStep } of methods) if (!secondStep) methodEntries[id] = methodEntry.optional();
  return z
    .object({
      listen: z
        .object({
          host: z.string().min(1).default('127.0.0.1'),
          port: z.number().int().min(0).max(65_535).default(8787),
          tls: z
            .object({ cert: z.string().min(1), key: z.string().min(1) })
            .strict()
            .optional(),
        })
        .strict()
        .prefault({}),
      basePath: z
        .string()
        .regex(/^\/[A-Za-z0-9._~\-/]*$/, 'must be a path starting with /')
        .refine((p) => !p.includes('//'), 'must not contain //')
        .transform((p) => (p.length > 1 ? p.replace(/\/+$/, '') : p))
        .default('/auth'),
      allowedOrigins: z.array(origin).default([]),
      trustProxy: z.boolean().default(false),
      session: z
        .object({
          secrets: z
            .array(z.string().min(32, 'each signing secret must be at least 32 characters'))
            .min(1, 'at least one signing secret is required'),
          idleTimeout: durationSchema.default(30 * 60_000),
          absoluteTimeout: durationSchema.default(12 * 3_600_000),
          cookie: z
            .object({
              name: cookieName.default('__Host-auth'),
              sameSite: z.enum(['strict', 'lax']).default('strict'),
              secure: z.boolean().default(true),
            })
            .strict()
            .prefault({}),
          store: z
            .union([z.literal('memory'), z.object({ redis: z.string().min(1) }).strict()], {
              error: "must be 'memory' or { redis: URL }",
            })
            .default('memory'),
        })
        .strict()
        .refine((s) => s.idleTimeout <= s.absoluteTimeout, {
          error: 'idleTimeout must not exceed absoluteTimeout',
          path: ['idleTimeout'],
        }),
      limits: z
        .object({
          // Per account AND client (the client's address grouped by ipv6Prefix): a stranger's
          // failures lock the stranger out, not the owner (docs/security.md A-01).
          perAccount: limitWindow(5).prefault({}),
          // Every client of the account together: at most `failures` upstream checks per `window`
          // from clients that have not signed in to it within `rememberClient`.
          accountCeiling: z
            .object({
              failures: z.number().int().min(1).max(10_000).default(20),
              window: durationSchema.default(15 * 60_000),
              rememberClient: durationSchema
                .default(7 * 86_400_000)
                .refine((ms) => ms <= 20 * 86_400_000, 'at most 20d'),
            })
            .strict()
            .prefault({}),
          perIp: limitWindow(50).prefault({}),
          // IPv6 clients are counted per /ipv6Prefix (one host commonly holds a whole /64).
          ipv6Prefix: z.number().int().min(32).max(128).default(64),
          codeSend: z
            .object({
              perDestination: z.number().int().min(1).default(5),
              perIp: z.number().int().min(1).default(20),
              window: durationSchema.default(15 * 60_000),
              resendAfter: durationSchema.default(30_000),
            })
            .strict()
            .prefault({}),
          // Timing masking of enumerable refusals and code sends (security/response-floor.ts, A-05):
          // held until the p95 of the connector's recent durations of that call, within [min, max].
          responseFloor: z
            .object({
              enabled: z.boolean().default(true),
              min: floorDuration.default(0),
              max: floorDuration.default(2_000).refine((ms) => ms <= 10_000, 'at most 10s'),
              jitter: floorDuration.default(5).refine((ms) => ms <= 1_000, 'at most 1s'),
            })
            .strict()
            .refine((f) => f.min <= f.max, { error: 'min must not exceed max', path: ['min'] })
            .prefault({}),
        })
        .strict()
        .prefault({}),
      /** Prometheus metrics on a listener of their own (off when absent; docs/operations.md "Metrics"). */
      metrics: z
        .object({
          listen: z
            .object({
              host: z.string().min(1).default('127.0.0.1'),
              port: z.number().int().min(0).max(65_535),
            })
            .strict(),
        })
        .strict()
        .optional(),
      /** OpenTelemetry traces over OTLP/HTTP (off unless `otlp.url` or OTEL_EXPORTER_OTLP_ENDPOINT). */
      tracing: z
        .object({
          otlp: z
            .object({ url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }) })
            .strict()
            .optional(),
          serviceName: z.string().min(1).max(128).default('auth-bff'),
          trustTraceparent: z.boolean().default(false),
        })
        .strict()
        .optional(),
      phone: phoneSettings.optional(),
      methods: z.object(methodEntries).strict().default({}),
      connectors: z
        .record(
          z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'connector names are letters, digits, - and _'),
          z.looseObject({ type: z.string({ error: 'every connector needs a type' }) }),
        )
        .default({}),
    })
    .strict()
    .refine((c) => !c.metrics || c.metrics.listen.port === 0 || c.metrics.listen.port !== c.listen.port, {
      error: "must differ from listen.port (metrics never share the API's listener)",
      path: ['metrics', 'listen', 'port'],
    });
}

export const configSchema = createConfigSchema(METHODS);

export type ConfigInput = z.input<typeof configSchema>;
type SchemaOutput = z.output<typeof configSchema>;

/** A connector entry after its type's schema ran. */
export interface ParsedConnector {
  type: string;
  /** The connector's `timeout` in ms (default 5s). */
  timeout: number;
  /** The output of the type's schema: what the factory receives. */
  config: unknown;
}

export interface BffConfig extends Omit<SchemaOutput, 'connectors' | 'methods'> {
  /** Which connector serves each enabled method, by method id. */
  methods: Partial<Record<string, { connector: string }>>;
  connectors: Record<string, ParsedConnector>;
  /** Values that came from `${ENV}` or secret-named keys: scrubbed from every log line. */
  secretValues: string[];
}
