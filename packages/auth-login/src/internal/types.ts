/** The four sign-in methods of docs/architecture.md, in their default order. */
export const METHOD_IDS = ['password', 'phone', 'otp', 'token'] as const;
export type MethodId = (typeof METHOD_IDS)[number];

export const isMethodId = (s: string): s is MethodId => (METHOD_IDS as readonly string[]).includes(s);

/** The normalised user of docs/architecture.md (`user is normalised`). */
export interface AuthUser {
  id: string;
  displayName?: string;
  username?: string;
  email?: string;
  phone?: string;
  provider: string;
  attributes?: Record<string, string | number | boolean>;
}

/** One entry of `GET /config` → `methods`. */
export interface MethodConfig {
  id: MethodId;
  /** What the identifier field accepts: `userId`, `username`, `email`, `phone`. Sets its label. */
  identifiers?: string[];
  codeLength?: number;
  /** Present when the method sends codes (phone; OTP by email/SMS): shows `Send code`. */
  resendAfterSeconds?: number;
  /**
   * OTP only: the connector's default domain (DIGIPASS `domain`); shows the `Domain` field filled
   * with it. The BFF sends it only when its OTP connector is configured with one.
   */
  domain?: string;
}

export interface BffConfig {
  methods: MethodConfig[];
  /** The phone fields' country selector: its default (`FR`) and the countries it offers. */
  phone?: { defaultCountry?: string; countries?: string[] };
}

export type Session =
  { authenticated: false } | { authenticated: true; user: AuthUser; method: MethodId; expiresAt?: string };
