/**
 * OCI-P over SOAP (docs/protocols/broadworks-oci.md §2.2): `processOCIMessage` with the whole BroadsoftDocument
 * as escaped text in `in0`, every session cookie kept (JSESSIONID and a load balancer's sticky
 * cookie) and the same `<sessionId>` reused for the
 * life of the login. The return is found by namespace URI + local name (Axis-1 prefixes it,
 * Axis-2 does not); a SOAP fault is an UpstreamError — except "before user is logged in", after
 * which the transport logs in again once (the XSP lost our session).
 */
import { randomUUID } from 'node:crypto';
import { UpstreamError } from '../connector.js';
import { createHttpClient, type HttpClient } from '../shared/http.js';
import {
  type XmlError,
  childText,
  decodeDocument,
  el,
  findFirst,
  parseXml,
  type XmlEncoding,
  type XmlFragment,
} from '@auth-login/xml';
import { adminLogin, type AdminCredentials } from './login.js';
import { isAdminSessionReply, parseReplyText, requestDocument, type OciReply } from './messages.js';
import type { OciTransport } from './tcp-pool.js';

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const WS_NS = 'urn:com:broadsoft:webservice';

export interface SoapTransportOptions extends AdminCredentials {
  name: string;
  url: string;
  ca?: string;
  rejectUnauthorized: boolean;
  timeoutMs: number;
  connectTimeoutMs: number;
  encoding: XmlEncoding;
  maxResponseBytes: number;
}

class NotLoggedInFault extends UpstreamError {}

export class OciSoapTransport implements OciTransport {
  readonly #http: HttpClient;
  /** Every cookie the server set for this session: JSESSIONID and any load-balancer stickiness cookie. */
  #cookies = new Map<string, string>();
  #sessionId = randomUUID();
  #login: Promise<void> | undefined;
  logins = 0;

  constructor(private readonly o: SoapTransportOptions) {
    this.#http = createHttpClient({
      name: o.name,
      baseUrl: o.url,
      timeoutMs: o.timeoutMs,
      connectTimeoutMs: o.connectTimeoutMs,
      ...(o.ca !== undefined ? { ca: o.ca } : {}),
      rejectUnauthorized: o.rejectUnauthorized,
      maxResponseBytes: o.maxResponseBytes,
      connections: 4,
    });
  }

  async request(commands: XmlFragment[], signal: AbortSignal): Promise<OciReply> {
    for (let attempt = 0; ; attempt++) {
      await this.ready(signal);
      try {
        const reply = await this.#post(commands, signal);
        // The XSP answers with an OCI error about the admin session (expired / dropped): log in anew, retry once.
        if (attempt === 0 && isAdminSessionReply(reply)) {
          this.#reset();
          continue;
        }
        return reply;
      } catch (e) {
        if (e instanceof NotLoggedInFault && attempt === 0) {
          this.#reset();
          continue;
        }
        throw e;
      }
    }
  }

  ready(signal: AbortSignal): Promise<void> {
    this.#login ??= (async () => {
      const own = AbortSignal.timeout(this.o.timeoutMs);
      await adminLogin(this.o.name, (cmds) => this.#post(cmds, own), this.o);
      this.logins++;
    })();
    const login = this.#login;
    login.catch(() => {
      if (this.#login === login) this.#reset();
    });
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(new UpstreamError('timeout', `${this.o.name}: aborted while logging in`));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      login.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #reset(): void {
    this.#login = undefined;
    this.#cookies.clear();
    this.#sessionId = randomUUID();
  }

  /**
   * A minimal cookie jar for one XSP session (one origin, one path): `name=value` of each
   * Set-Cookie is kept and sent back; an empty value or `Max-Age=0` / a past `Expires` deletes it.
   * Attributes (Path, Domain, Secure) are not checked: every request goes to the same URL.
   */
  #keepCookies(setCookie: string[]): void {
    for (const line of setCookie) {
      const m = /^\s*([^=;\s]+)=([^;]*)/.exec(line);
      if (!m) continue;
      const name = m[1]!;
      const value = m[2]!.trim();
      const expired =
        value === '' ||
        /;\s*max-age\s*=\s*(?:0|-\d+)\s*(?:;|$)/i.test(line) ||
        (/;\s*expires\s*=\s*([^;]+)/i.test(line) &&
          Date.parse(/;\s*expires\s*=\s*([^;]+)/i.exec(line)![1]!) < Date.now());
      if (expired) this.#cookies.delete(name);
      else if (/^[\x21-\x7e]*$/.test(value)) this.#cookies.set(name, value);
    }
  }

  async #post(commands: XmlFragment[], signal: AbortSignal): Promise<OciReply> {
    // The inner document as text: characters outside its declared encoding are already numeric
    // references (encodeDocument), so reading the bytes back in that encoding is lossless.
    const inner = requestDocument(this.#sessionId, commands, this.o.encoding)
      .toString(this.o.encoding === 'UTF-8' ? 'utf8' : 'latin1')
      .trimEnd();
    // Second layer of escaping: the whole document is TEXT of in0 (§7.2: `a&b` → `a&amp;amp;b`).
    const envelope = el(
      'SOAP-ENV:Envelope',
      { 'xmlns:SOAP-ENV': SOAP_ENV, 'xmlns:ns1': WS_NS },
      el('SOAP-ENV:Body', {}, el('ns1:processOCIMessage', {}, el('ns1:in0', {}, inner))),
    );
    const headers: Record<string, string> = {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: '""',
      accept: 'text/xml',
    };
    if (this.#cookies.size > 0) headers.cookie = [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.#http.request<Uint8Array>({
      method: 'POST',
      path: '',
      headers,
      text: `<?xml version="1.0" encoding="UTF-8"?>${envelope.toString()}`,
      expect: 'bytes',
      signal,
    });
    this.#keepCookies(([] as string[]).concat(res.headers['set-cookie'] ?? []));
    let body;
    try {
      const env = parseXml(decodeDocument(res.body), { maxLength: this.o.maxResponseBytes, maxDepth: 16 });
      body = findFirst(env, 'Body', SOAP_ENV);
    } catch (e) {
      throw new UpstreamError(
        'bad_response',
        `${this.o.name}: HTTP ${res.status}, not a SOAP envelope (${(e as XmlError).message.slice(0, 60)})`,
      );
    }
    if (!body)
      throw new UpstreamError('bad_response', `${this.o.name}: HTTP ${res.status}, SOAP envelope without Body`);
    const fault = findFirst(body, 'Fault', SOAP_ENV);
    if (fault) {
      const faultstring = (childText(fault, 'faultstring') ?? '').trim().slice(0, 60);
      const detail =
        findFirst(fault, 'detail')
          ?.children.map((c) => c.text)
          .join(' ') ?? '';
      const msg = `${this.o.name}: SOAP fault ${faultstring}`;
      if (/before user is logged in/i.test(detail)) throw new NotLoggedInFault('unavailable', msg);
      throw new UpstreamError(faultstring === 'NO_OCS_CONNECTION' ? 'unavailable' : 'bad_response', msg);
    }
    const ret = findFirst(body, 'processOCIMessageReturn', WS_NS);
    if (!ret || res.status !== 200)
      throw new UpstreamError('bad_response', `${this.o.name}: HTTP ${res.status} without processOCIMessageReturn`);
    let reply: OciReply;
    try {
      reply = parseReplyText(ret.text.trimStart(), this.o.maxResponseBytes);
    } catch (e) {
      throw new UpstreamError(
        'bad_response',
        `${this.o.name}: unreadable OCI reply (${(e as Error).message.slice(0, 60)})`,
      );
    }
    if (reply.sessionId !== this.#sessionId)
      throw new UpstreamError('bad_response', `${this.o.name}: reply for another sessionId`);
    return reply;
  }
}
