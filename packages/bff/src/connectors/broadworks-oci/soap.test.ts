/** The SOAP transport (docs/protocols/broadworks-oci.md §2.2) against the simulator's ProvisioningService. */
import http from 'node:http';
import type net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBroadworksSimulator, type BroadworksSimulator } from '@auth-login/simulators';
import { UpstreamError } from '../connector.js';
import { ctx, soapConnector } from './helpers.test-kit.js';

let sim: BroadworksSimulator;
let bw: ReturnType<typeof soapConnector>;

beforeAll(async () => {
  sim = await startBroadworksSimulator({ port: 0, slowMs: 1000 });
  bw = soapConnector(sim.soapUrl!, { passcodeLogin: true });
});
afterEach(() => sim.setScenario('ok'));
afterAll(async () => {
  await bw.close();
  await sim.close();
});

const verifies = () => sim.calls.filter((c) => c.kind === 'AuthenticationVerifyRequest22V4');

describe('SOAP transport', () => {
  it('logs in once, keeps JSESSIONID and the sessionId, and verifies every form', async () => {
    const r1 = await bw.password!({ identifier: 'zoe@example.com', password: 'zoe-password1' }, ctx());
    expect(r1.ok && r1.user.displayName).toBe('Zoë Müller');
    const r2 = await bw.password!({ identifier: '+1-2025550123', password: '1234' }, ctx());
    expect(r2.ok && r2.user.id).toBe('alice@example.com');
    const r3 = await bw.token!({ token: 'alice-login-token' }, ctx());
    expect(r3.ok).toBe(true);
    // Without the cookie the XSP would have answered "before user is logged in" and forced a re-login.
    expect(bw.transport.logins).toBe(1);
  });

  it('double escaping: markup and & in input arrive literally', async () => {
    const r = await bw.password!({ identifier: '</userId><userId>admin&amp;', password: 'a&b' }, ctx());
    expect(r).toEqual({ ok: false, reason: 'invalid_credentials', detail: '[Error 4008]' });
    expect(verifies().at(-1)?.summary).toBe('userId=</userId><userId>admin&amp; → [Error 4008]');
  });

  it('garbage and a drop mid-reply are upstream errors; a slow reply times out', async () => {
    sim.setScenario('garbage');
    const g = await bw.password!({ identifier: 'alice@example.com', password: 'x' }, ctx()).catch((e: unknown) => e);
    expect(g).toBeInstanceOf(UpstreamError);
    expect((g as UpstreamError).kind).toBe('bad_response');
    sim.setScenario('drop-mid-reply');
    const d = await bw.password!({ identifier: 'alice@example.com', password: 'x' }, ctx()).catch((e: unknown) => e);
    expect(d).toBeInstanceOf(UpstreamError);
    sim.setScenario('slow');
    const s = await bw.password!({ identifier: 'alice@example.com', password: 'x' }, ctx(250)).catch((e: unknown) => e);
    expect((s as UpstreamError).kind).toBe('timeout');
  });

  it('re-logs in once when the XSP forgot the session (INVALID_REQUEST fault)', async () => {
    // A stand-in XSP that answers the first verification with the captured "not logged in" fault.
    let faulted = false;
    let logins = 0;
    const proxy = http.createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      if (body.includes('LoginRequest14sp4')) logins++;
      if (!faulted && body.includes('AuthenticationVerifyRequest22V4')) {
        faulted = true;
        res.writeHead(500, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(
          '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server.generalException</faultcode><faultstring>INVALID_REQUEST</faultstring><faultactor>ProvisioningService</faultactor><detail><string>Cannot process any request before user is logged in.</string></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>',
        );
        return;
      }
      const up = await fetch(sim.soapUrl!, {
        method: 'POST',
        headers: {
          'content-type': String(req.headers['content-type']),
          soapaction: String(req.headers.soapaction),
          cookie: req.headers.cookie ?? '',
        },
        body,
      });
      const cookie = up.headers.get('set-cookie');
      res.writeHead(up.status, {
        'content-type': 'text/xml; charset=utf-8',
        ...(cookie ? { 'set-cookie': cookie } : {}),
      });
      res.end(await up.text());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const c = soapConnector(
      `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}/webservice/services/ProvisioningService`,
    );
    try {
      const r = await c.password!({ identifier: 'alice@example.com', password: 'alice-password1' }, ctx());
      expect(r.ok).toBe(true);
      expect(logins).toBe(2);
    } finally {
      await c.close();
      proxy.close();
    }
  });

  it('accepts the arg0 request form and answers with the Axis-1 return, \\n after the inner declaration', async () => {
    const inner =
      '<?xml version="1.0" encoding="UTF-8"?><BroadsoftDocument protocol="OCI" xmlns="C" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><sessionId xmlns="">s1</sessionId><command xmlns="" xsi:type="AuthenticationRequest"><userId>admin@example.com</userId></command></BroadsoftDocument>';
    const esc = inner.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const envelope = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><processOCIMessage soapenv:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><arg0 xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" xsi:type="soapenc:string">${esc}</arg0></processOCIMessage></soapenv:Body></soapenv:Envelope>`;
    const res = await fetch(sim.soapUrl!, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      body: envelope,
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^JSESSIONID=[0-9A-F]+; Path=\/webservice/);
    expect(text).toContain(
      '<processOCIMessageResponse xmlns=""><ns1:processOCIMessageReturn xmlns:ns1="urn:com:broadsoft:webservice">&lt;?xml version=&quot;1.0&quot; encoding=&quot;UTF-8&quot;?&gt;\n&lt;BroadsoftDocument',
    );
    expect(text).toContain('xsi:type=&quot;AuthenticationResponse&quot;');
  });
});
