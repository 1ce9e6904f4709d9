/**
 * OpenIAM self-service OTP simulator (docs/protocols/openiam.md §1-§4, "For a simulator" pitfalls 1-3):
 *   POST /selfservice/send-verification-code-by-email   {"email"}
 *   POST /selfservice/send-sms-verification-code        PhoneBean
 *   POST /selfservice/check-verification-code           {"emailCode","emailMovingFactor"} | {"smsCode","smsMovingFactor"}
 *   POST /idp/oauth2/revoke                              form, Cookie OPENIAM_AUTH_TOKEN (RFC 7009: 200, empty)
 *
 * Moving factor semantics: the factor is the send time in epoch ms (unique per send), returned as a
 * JSON number and accepted back as a string or a number. The code is HOTP(secret, factor) (RFC 4226,
 * 6 digits): it depends only on the factor, which is why the check call carries no address.
 * Choices where the note is unconfirmed (see packages/simulators/README.md): business failures are
 * HTTP 200 with body `status:500`; expired → CODE_EXPIRED; unknown factor → CODE_NOT_EQUAL; the
 * upstream does NOT make codes single-use or count attempts (the BFF must). A body that is not
 * `application/json` → HTTP 415 with Spring's error body; a revoke without a form `token` → 400.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { OutboxMessage, RecordedCall, RunningSimulator, SimulatorOptions } from '../types.js';
import { parseJson, startSimHttpServer, type SimReply, type SimRequest } from '../shared/http-server.js';
import { openiamDemoAccounts, type OpenIamAccount } from './accounts.js';
import { ERRORS, failure, success } from './envelope.js';

export const OPENIAM_SCENARIOS = ['ok', 'wrong-code', 'expired-code', 'locked', 'slow', '5xx', 'non-json'] as const;
export type OpenIamScenario = (typeof OPENIAM_SCENARIOS)[number];

export const OPENIAM_PATHS = {
  sendEmail: '/selfservice/send-verification-code-by-email',
  sendSms: '/selfservice/send-sms-verification-code',
  check: '/selfservice/check-verification-code',
  revoke: '/idp/oauth2/revoke',
} as const;

export interface OpenIamSimulatorOptions extends SimulatorOptions<OpenIamAccount> {
  /** How long a code is accepted after its send (default 10 min). */
  codeTtlMs?: number;
  /** How long the `slow` scenario waits (default 10 s). */
  slowMs?: number;
  /** Called with each message "sent" (after it is added to `outbox`), e.g. for the demo to print codes. */
  onSend?: (message: OutboxMessage) => void;
  /**
   * A send to an address no account has (unconfirmed on a real OpenIAM): `refuse` (default,
   * INVALID_EMAIL / INVALID_PHONE) or `accept` — the code goes out and the answer looks like any
   * other (the seed's reply carries `userId: null`, so nothing tells the two apart).
   */
  unknownAddresses?: 'refuse' | 'accept';
  /** HTTP status of a failed check (wrong / expired code); the body is the same. Default 200. */
  wrongCodeStatus?: 200 | 400 | 401;
  /** Put the account's OpenIAM user id in the send answer's bean `userId` (default false: null, as in the seed). */
  userIdInSend?: boolean;
}

interface Issued {
  channel: 'email' | 'sms';
  to: string;
  /** Undefined for an address no account has (`unknownAddresses: 'accept'`). */
  account: OpenIamAccount | undefined;
}

export async function startOpenIamSimulator(options: OpenIamSimulatorOptions = {}): Promise<RunningSimulator> {
  const accounts = options.accounts ?? openiamDemoAccounts;
  const ttl = options.codeTtlMs ?? 10 * 60_000;
  const slowMs = options.slowMs ?? 10_000;
  const secret = randomBytes(20);
  let scenario = checkScenario(options.scenario ?? 'ok');
  let lastFactor = 0;
  const issued = new Map<number, Issued>();
  const calls: RecordedCall[] = [];
  const outbox: OutboxMessage[] = [];

  const ok = (body: unknown): SimReply => ({ status: 200, body });
  const fail = (name: keyof typeof ERRORS): SimReply => ok(failure(name, ERRORS[name]));
  const checkFail = (name: keyof typeof ERRORS): SimReply => ({
    status: options.wrongCodeStatus ?? 200,
    body: failure(name, ERRORS[name]),
  });
  const acceptUnknown = options.unknownAddresses === 'accept';
  const userIdOf = (account: OpenIamAccount | undefined) => (options.userIdInSend && account ? account.userId : null);

  function issue(channel: 'email' | 'sms', to: string, account: OpenIamAccount | undefined): number {
    const factor = Math.max(Date.now(), lastFactor + 1); // unique even within one millisecond
    lastFactor = factor;
    issued.set(factor, { channel, to, account });
    const code = hotp(secret, factor);
    const message: OutboxMessage = {
      channel,
      to,
      code,
      text: `Your OpenIAM verification code is ${code}`,
      at: Date.now(),
    };
    outbox.push(message);
    options.onSend?.(message);
    return factor;
  }

  function sendEmail(body: Record<string, unknown>): SimReply {
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const account = accounts.find((a) => a.email && a.email.toLowerCase() === email.toLowerCase());
    if (!account && !(acceptUnknown && /^[^\s@]+@[^\s@]+$/.test(email))) return fail('INVALID_EMAIL');
    if (scenario === 'locked' || account?.locked) return fail('ACCOUNT_LOCKED');
    const to = account?.email ?? email;
    const factor = issue('email', to, account);
    // As the seed shows: the factor as a number, plus the EmailBean the code went to.
    return ok(
      success('EMAIL_SENT', {
        emailMovingFactor: factor,
        emailAddressForCode: {
          id: null,
          beanType: 'EmailBean',
          operation: 'NO_CHANGE',
          name: null,
          type: null,
          typeId: null,
          active: true,
          userId: userIdOf(account),
          published: false,
          email: to,
          description: null,
          default: false,
          public: false,
        },
      }),
    );
  }

  function sendSms(body: Record<string, unknown>): SimReply {
    const digits = ['countryCd', 'areaCd', 'phoneNbr']
      .map((k) => scalar(body[k]))
      .join('')
      .replace(/\D/g, '');
    const account = accounts.find((a) => a.phone && a.phone.replace(/\D/g, '') === digits);
    if (!digits || (!account && !acceptUnknown)) return fail('INVALID_PHONE');
    if (scenario === 'locked' || account?.locked) return fail('ACCOUNT_LOCKED');
    const factor = issue('sms', account?.phone ?? `+${digits}`, account);
    // Key and success name are unconfirmed (§4.2); by analogy with the email call.
    return ok(
      success('SMS_SENT', {
        smsMovingFactor: factor,
        phoneForCode: {
          id: null,
          beanType: 'PhoneBean',
          operation: 'NO_CHANGE',
          countryCd: body.countryCd ?? null,
          areaCd: body.areaCd ?? null,
          phoneNbr: body.phoneNbr ?? null,
          phoneExt: body.phoneExt ?? null,
          mdTypeId: body.mdTypeId ?? null,
          usedForSMS: true,
          userId: userIdOf(account),
        },
      }),
    );
  }

  function check(body: Record<string, unknown>): SimReply {
    const channel = 'emailCode' in body ? 'email' : 'smsCode' in body ? 'sms' : null;
    if (!channel) return checkFail('CODE_NOT_EQUAL');
    const code = body[`${channel}Code`];
    const factor = Number(body[`${channel}MovingFactor`]);
    if (scenario === 'wrong-code') return checkFail('CODE_NOT_EQUAL');
    if (scenario === 'expired-code') return checkFail('CODE_EXPIRED');
    const entry = Number.isSafeInteger(factor) ? issued.get(factor) : undefined;
    if (!entry || entry.channel !== channel) return checkFail('CODE_NOT_EQUAL');
    if (scenario === 'locked' || entry.account?.locked) return checkFail('ACCOUNT_LOCKED');
    if (Date.now() - factor > ttl) return checkFail('CODE_EXPIRED');
    if (typeof code !== 'string' || code !== hotp(secret, factor)) return checkFail('CODE_NOT_EQUAL');
    return ok(success());
  }

  function handle(req: SimRequest): SimReply {
    if (req.path === OPENIAM_PATHS.revoke && req.method === 'POST') {
      calls.push({
        kind: `POST ${req.path}`,
        at: Date.now(),
        summary: `cookie=${/OPENIAM_AUTH_TOKEN=/.test(req.headers.cookie ?? '')}`,
      });
      // Seed: a form body with `token` (RFC 7009 §2.1: required; §2.2.1: 400 invalid_request).
      const form = mediaType(req) === 'application/x-www-form-urlencoded' ? new URLSearchParams(req.text) : undefined;
      if (!form?.get('token')) return { status: 400, body: { error: 'invalid_request' } };
      return { status: 200 };
    }
    const route = Object.values(OPENIAM_PATHS).find((p) => p === req.path);
    calls.push({
      kind: `${req.method} ${req.path}`,
      at: Date.now(),
      ...(route ? { summary: summarize(req.text) } : {}),
    });
    if (!route || route === OPENIAM_PATHS.revoke)
      return {
        status: 404,
        headers: { 'content-type': 'text/html' },
        body: '<html><body><h1>404 Not Found</h1></body></html>',
      };
    if (req.method !== 'POST') return { status: 405, headers: { allow: 'POST' } };
    if (scenario === '5xx') {
      // What a 4.x internal error looks like: the envelope with a Java stack trace and context values.
      return {
        status: 500,
        body: failure('INTERNAL_ERROR', ERRORS.INTERNAL_ERROR, {
          stackTrace:
            'org.openiam.exception.BasicDataServiceException: SMTP connect failed mail.corp.internal:25\n\tat org.openiam.idm.srvc.msg.service.MailServiceImpl.send(MailServiceImpl.java:212)',
          contextValues: { smtpHost: 'mail.corp.internal:25', node: 'openiam-esb-0' },
        }),
      };
    }
    if (scenario === 'non-json') {
      return {
        status: 200,
        headers: { 'content-type': 'text/html;charset=UTF-8' },
        body: '<!DOCTYPE html><html><head><title>OpenIAM - Login</title></head><body>Please log in</body></html>',
      };
    }
    // The seed sends `Content-Type: application/json`; Spring's @RequestBody refuses other types.
    if (mediaType(req) !== 'application/json') {
      return {
        status: 415,
        body: { timestamp: Date.now(), status: 415, error: 'Unsupported Media Type', path: req.path },
      };
    }
    const body = parseJson(req.text);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      // Spring's own error body for an unreadable request.
      return { status: 400, body: { timestamp: Date.now(), status: 400, error: 'Bad Request', path: req.path } };
    }
    const record = body as Record<string, unknown>;
    const reply =
      route === OPENIAM_PATHS.sendEmail
        ? sendEmail(record)
        : route === OPENIAM_PATHS.sendSms
          ? sendSms(record)
          : check(record);
    return scenario === 'slow' ? { ...reply, delayMs: slowMs } : reply;
  }

  const server = await startSimHttpServer({
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
    handler: handle,
  });

  return {
    name: 'openiam',
    host: server.host,
    port: server.port,
    url: server.url,
    calls,
    outbox,
    setScenario(name: string) {
      scenario = checkScenario(name);
    },
    close: () => server.close(),
  };
}

function mediaType(req: SimRequest): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
}

/** RFC 4226 HOTP, 6 digits, counter = the moving factor (kept as a string: leading zeros). */
export function hotp(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(bin).padStart(6, '0');
}

/** A JSON field as text: strings and numbers as written, anything else (objects, null, absent) as ''. */
function scalar(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}

/** Redacted call summary: which fields were sent and the destination, never a code. */
function summarize(text: string): string {
  const body = parseJson(text);
  if (typeof body !== 'object' || body === null) return 'unparsable body';
  const b = body as Record<string, unknown>;
  if (typeof b.email === 'string') return `email=${b.email.slice(0, 128)}`;
  if ('phoneNbr' in b) return `phone=${scalar(b.countryCd)}/${scalar(b.areaCd)}/${scalar(b.phoneNbr)}`;
  return `fields=${Object.keys(b).sort().join(',')}`;
}

function checkScenario(name: string): OpenIamScenario {
  if (!(OPENIAM_SCENARIOS as readonly string[]).includes(name)) {
    throw new Error(`unknown openiam scenario "${name}" (one of ${OPENIAM_SCENARIOS.join(', ')})`);
  }
  return name as OpenIamScenario;
}
