/**
 * The shape every simulator shares: `start(options)` listens (port 0 = any free port)
 * and resolves to a `RunningSimulator`.
 */
export interface SimulatorOptions<Account = unknown> {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accounts the simulated system knows; defaults to the simulator's demo accounts. */
  accounts?: Account[];
  /** A named behaviour (`ok` default, `wrong-password`, `slow`, `garbage`, ...). */
  scenario?: string;
}

export interface RecordedCall {
  /** e.g. `AuthenticationVerifyRequest22V4` or `POST /api/v2/login/account`. */
  kind: string;
  at: number;
  /** Redacted summary, safe to print. */
  summary?: string;
}

/** A message a simulator "sent" by SMS or email; tests and the demo read them. */
export interface OutboxMessage {
  channel: 'sms' | 'email';
  to: string;
  code: string;
  text: string;
  at: number;
}

export interface RunningSimulator {
  /** Which system: `broadworks-oci`, `vzl-agent`, ... */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  /** `tcp://host:port` for socket protocols, `http://host:port` for HTTP ones. */
  readonly url: string;
  /** Every request handled, in order. */
  readonly calls: RecordedCall[];
  /** Codes delivered by SMS/email (empty for systems that send none). */
  readonly outbox: OutboxMessage[];
  /** Switch behaviour at run time. */
  setScenario(name: string): void;
  /** Stop listening and destroy open sockets. Idempotent. */
  close(): Promise<void>;
}

export interface DemoAccount {
  /** What a person types in the widget. */
  identifier: string;
  secret: string;
  note: string;
}
