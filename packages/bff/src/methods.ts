/**
 * THE table of sign-in methods (the widget's tabs). Everything that differs between methods is
 * written here once; the rest of the BFF is derived from it:
 *
 * - the API routes (routes/index.ts): `POST ${path}` signs in, `POST ${code.path}` sends a code;
 * - GET /config's method list (routes/session-routes.ts), in this order;
 * - the `methods` object of the config file (config/schema.ts), one optional key per id;
 * - a `secondStep` method (`mfa`) is no tab and no config key: it completes a challenge a first
 *   step's connector answered (routes/second-step.ts), with that connector;
 * - which connector calls exist (`CONNECTOR_CALLS`, the optional calls of connectors/connector.ts).
 *
 * Adding a method is one entry here plus its connector call(s) in the connectors that serve it.
 * A leaf module: zod and the field helpers only.
 */
import { z } from 'zod';
import { field, LIMITS } from './shared/fields.js';

/** The code-sending step of a method (SMS, email), before its sign-in. */
export interface CodeStep {
  /** Route path under basePath, e.g. `/phone/code`. */
  path: `/${string}`;
  /** The strict request body. */
  body: z.ZodType<object>;
  /** The connector call that delivers the code, e.g. `sendPhoneCode`. */
  call: string;
  /** The body field the code goes to: throttled per destination and bound to the sign-in after it. */
  destination: string;
  /**
   * True when a connector serving the method may lack the call (DIGIPASS OTPs come from a token):
   * the route is then 404 and GET /config offers no resend. Otherwise the method always sends codes.
   */
  optional?: boolean;
}

export interface SignInMethod {
  /** The method id: the tab, the `methods.<id>` config key, the `method` of a session. */
  id: string;
  /** Route path under basePath of the sign-in, e.g. `/password`. */
  path: `/${string}`;
  /** The strict request body of the sign-in, handed to the connector call as parsed. */
  body: z.ZodType<object>;
  /** The connector call that verifies, e.g. `password`; the method is served by connectors having it. */
  call: string;
  /**
   * The body field naming the account the attempt counts against (throttled per account and
   * per IP); absent: per IP only (a bearer token names no account before it is checked).
   */
  subject?: string;
  /**
   * The body field that is a phone number by definition, in the sign-in and the code send (the phone
   * tab's `phone`): with config `phone`, the BFF reads it as E.164 (in `phone.defaultCountry`),
   * refuses junk and regions outside `phone.countries`, and hands the connector the E.164.
   * Identifiers that may be phone numbers are the connector's call (Connector.phoneOf).
   */
  phoneField?: string;
  code?: CodeStep;
  /**
   * A second step: offered only after a first step's connector answered a challenge, served by
   * that connector, throttled against the first step's account; not in GET /config, no config key.
   */
  secondStep?: true;
}

/** The tabs: the methods a user can start with (no second steps). */
export function firstSteps<M extends SignInMethod>(methods: readonly M[]): M[] {
  return methods.filter((m) => !m.secondStep);
}

const strict = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

export const METHODS = [
  {
    id: 'password',
    path: '/password',
    body: strict({
      identifier: field(LIMITS.identifier),
      password: field(LIMITS.password),
      captcha: field(LIMITS.captcha).optional(),
    }),
    call: 'password',
    subject: 'identifier',
  },
  {
    id: 'phone',
    path: '/phone',
    body: strict({ phone: field(LIMITS.phone), code: field(LIMITS.code) }),
    call: 'phone',
    subject: 'phone',
    phoneField: 'phone',
    code: {
      path: '/phone/code',
      body: strict({ phone: field(LIMITS.phone) }),
      call: 'sendPhoneCode',
      destination: 'phone',
    },
  },
  {
    id: 'otp',
    path: '/otp',
    body: strict({
      identifier: field(LIMITS.identifier),
      otp: field(LIMITS.otp),
      domain: field(LIMITS.domain).optional(),
    }),
    call: 'otp',
    subject: 'identifier',
    code: {
      path: '/otp/code',
      body: strict({ identifier: field(LIMITS.identifier) }),
      call: 'sendOtpCode',
      destination: 'identifier',
      optional: true,
    },
  },
  {
    id: 'token',
    path: '/token',
    body: strict({ token: field(LIMITS.token) }),
    call: 'token',
  },
  {
    id: 'mfa',
    path: '/mfa',
    body: strict({ method: z.enum(['totp', 'sms', 'email']), code: field(LIMITS.code) }),
    call: 'mfa',
    secondStep: true,
    code: {
      path: '/mfa/code',
      body: strict({ method: z.enum(['sms', 'email']) }),
      call: 'sendMfaCode',
      destination: 'method',
      optional: true,
    },
  },
] as const satisfies readonly SignInMethod[];

/** The built-in method ids (first and second steps). */
export type MethodId = (typeof METHODS)[number]['id'];
export const METHOD_IDS: readonly MethodId[] = METHODS.map((m) => m.id);

/** The connector calls a method table uses, code sends first (each optional on a Connector). */
export function connectorCalls(methods: readonly SignInMethod[]): string[] {
  return methods.flatMap((m) => (m.code ? [m.code.call, m.call] : [m.call]));
}

/** Every sign-in and code-send call of the built-in methods: the calls a wrapper of a Connector forwards. */
export const CONNECTOR_CALLS = connectorCalls(METHODS) as readonly ConnectorCall[];

type CallsOf<M> = M extends { call: infer C; code: { call: infer S } }
  ? C | S
  : M extends { call: infer C }
    ? C
    : never;
/** `password`, `sendPhoneCode`, `phone`, ...: the optional calls of a Connector. */
export type ConnectorCall = CallsOf<(typeof METHODS)[number]>;
