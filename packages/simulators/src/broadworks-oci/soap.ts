/**
 * The SOAP transport of the simulator (docs/protocols/broadworks-oci.md §2.2): `POST
 * /webservice/services/ProvisioningService`, operation `processOCIMessage` with the whole
 * BroadsoftDocument as escaped text in `in0` (WSDL) or `arg0` (seen in practice) — any prefix.
 * The OCI session lives behind a JSESSIONID cookie set on the first response; the same state
 * machine as TCP answers. Replies are Axis-1 style, with `\n` after the inner declaration as in
 * the captures; before login a non-login request gets the captured INVALID_REQUEST fault.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type net from 'node:net';
import { OciSessionState, type SessionEnv } from './session.js';
import {
  childText,
  el,
  escapeAttr,
  findFirst,
  parseXml,
  raw,
  xsiType,
  childrenNamed,
  type XmlEncoding,
} from '@auth-login/xml';

export const SOAP_PATH = '/webservice/services/ProvisioningService';
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const PRE_LOGIN = new Set(['AuthenticationRequest', 'LoginRequest14sp4', 'LoginRequest22V5']);

export interface SoapEndpoint {
  url: string;
  close(): Promise<void>;
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

function fault(faultstring: string, detail: string): string {
  const f = el(
    'soapenv:Fault',
    {},
    el('faultcode', {}, 'soapenv:Server.generalException'),
    el('faultstring', {}, faultstring),
    el('faultactor', {}, 'ProvisioningService'),
    el('detail', {}, el('string', {}, detail)),
  );
  return `${ENVELOPE_OPEN}${f.toString()}${ENVELOPE_CLOSE}`;
}

export async function startSoapEndpoint(o: {
  host: string;
  port: number;
  env: SessionEnv;
  postLoginEncoding: XmlEncoding | 'mirror';
  slowMs?: number;
  sessionExpiry?: 'fault' | 'oci-error';
  stickyCookie?: string;
}): Promise<SoapEndpoint> {
  /** This "node" of the XSP cluster, as the load balancer's sticky cookie names it. */
  const NODE = 'xsp1.8080';
  const sessions = new Map<string, OciSessionState>();
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const server = http.createServer(async (req, res) => {
    const send = (status: number, body: string, headers: Record<string, string | string[]> = {}): void => {
      res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8', ...headers });
      res.end(body);
    };
    if (req.method !== 'POST' || req.url?.split('?')[0] !== SOAP_PATH)
      return send(404, fault('NOT_FOUND', 'No such service'));
    // SOAP 1.1 over HTTP (§2.2): `Content-Type: text/xml` and a `SOAPAction` header (every client
    // sends `""`). Axis-1 refuses a request without SOAPAction ("no SOAPAction header!"); the exact
    // fault a real XSP returns for either is unconfirmed.
    const mediaType = String(req.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (mediaType !== 'text/xml') return send(415, fault('INVALID_REQUEST', 'Content-Type must be text/xml'));
    if (req.headers.soapaction === undefined) return send(500, fault('Client.NoSOAPAction', 'no SOAPAction header!'));
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 1024 * 1024) return send(413, fault('INVALID_REQUEST', 'Request too large'));
      chunks.push(c as Buffer);
    }
    const cookies = req.headers.cookie ?? '';
    const cookie = /(?:^|;\s*)JSESSIONID=([A-Za-z0-9]+)/.exec(cookies)?.[1];
    // Without the sticky cookie the balancer may pick another XSP, which knows no such session.
    const sameNode =
      o.stickyCookie === undefined || new RegExp(`(?:^|;\\s*)${o.stickyCookie}=${NODE}(?:;|$)`).test(cookies);
    let jsession = cookie && sameNode && sessions.has(cookie) ? cookie : undefined;
    const setCookie: Record<string, string[]> = {};
    if (!jsession) {
      jsession = randomBytes(16).toString('hex').toUpperCase();
      sessions.set(jsession, new OciSessionState(o.env, o.postLoginEncoding));
      setCookie['set-cookie'] = [`JSESSIONID=${jsession}; Path=/webservice; HttpOnly`];
      if (o.stickyCookie !== undefined) setCookie['set-cookie'].push(`${o.stickyCookie}=${NODE}; Path=/; HttpOnly`);
    }
    const state = sessions.get(jsession)!;
    let inner: string;
    try {
      const env = parseXml(Buffer.concat(chunks).toString('utf8'));
      const body = findFirst(env, 'Body', SOAP_ENV);
      const op = body?.children[0];
      const param = op?.children[0];
      if (!op || op.local !== 'processOCIMessage' || !param || !/^(in0|arg0)$/.test(param.local))
        throw new Error('shape');
      inner = param.text;
    } catch {
      return send(500, fault('INVALID_REQUEST', 'Malformed SOAP request'), setCookie);
    }
    const scenario = o.env.scenario();
    let replyDoc: string;
    try {
      const doc = parseXml(inner);
      const types = childrenNamed(doc, 'command', '').map((c) => xsiType(c)?.local ?? '');
      const sessionId = childText(doc, 'sessionId', '') ?? '';
      const expired = state.expireIfArmed(doc);
      const asOciError = expired && o.sessionExpiry === 'oci-error';
      if (!asOciError && !state.isLoggedIn(sessionId) && types.some((t) => !PRE_LOGIN.has(t))) {
        return send(500, fault('INVALID_REQUEST', 'Cannot process any request before user is logged in.'), setCookie);
      }
      const declared = /encoding="ISO-8859-1"/i.test(inner.slice(0, 100)) ? 'ISO-8859-1' : 'UTF-8';
      const h = state.handle(doc, declared);
      if (h.close) sessions.delete(jsession);
      const root = el(
        'BroadsoftDocument',
        { protocol: 'OCI', xmlns: 'C', 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' },
        el('sessionId', { xmlns: '' }, h.sessionId),
        ...h.commands,
      );
      replyDoc = `<?xml version="1.0" encoding="${h.encoding}"?>\n${root.toString()}`;
      if (scenario === 'slow') await new Promise<void>((r) => later(o.slowMs ?? 1500, r));
      if (h.verify && scenario === 'garbage') return send(200, '<html><body>502 Proxy Error</body></html>', setCookie);
    } catch {
      return send(500, fault('INVALID_REQUEST', 'Malformed OCI document'), setCookie);
    }
    const ret = el(
      'processOCIMessageResponse',
      { xmlns: '' },
      el('ns1:processOCIMessageReturn', { 'xmlns:ns1': 'urn:com:broadsoft:webservice' }, raw(escapeAttr(replyDoc))),
    );
    const out = `${ENVELOPE_OPEN}${ret.toString()}${ENVELOPE_CLOSE}`;
    if (scenario === 'drop-mid-reply' && inner.includes('AuthenticationVerifyRequest22V4')) {
      res.writeHead(200, {
        'content-type': 'text/xml; charset=utf-8',
        'content-length': String(Buffer.byteLength(out)),
      });
      res.write(out.slice(0, out.length >> 1));
      later(10, () => req.socket.destroy());
      return;
    }
    send(200, out, setCookie);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(o.port, o.host);
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://${o.host}:${port}${SOAP_PATH}`,
    close: () =>
      new Promise<void>((r) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
