import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RawClient, cmd, ociRequest, selfSignedCert } from './raw-client.test-kit.js';
import { startBroadworksSimulator, type BroadworksSimulator } from './server.js';
import { signedPassword } from './wire.js';

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
const verify = (inner: string): string => ociRequest('S1', cmd('AuthenticationVerifyRequest22V4', inner));

let sim: BroadworksSimulator;
const clients: RawClient[] = [];
async function client(): Promise<RawClient> {
  const c = await RawClient.connect(sim.port);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  sim = await startBroadworksSimulator({ port: 0, slowMs: 300 });
});
afterEach(() => {
  clients.splice(0).forEach((c) => c.close());
  sim.setScenario('ok');
});
afterAll(() => sim.close());

describe('signed password (docs/protocols/broadworks-oci.md §4.1 test vectors)', () => {
  it('matches both vectors', () => {
    expect(signedPassword('1234567890123', 'password')).toBe('77e4a6de3a1e00be05e121cf0ebee860');
    expect(signedPassword('1493647455426', 'Secr3t&Pass')).toBe('e7cf42800a5de5902476d322ccb4a254');
  });
});

describe('TCP wire rules', () => {
  it('sends no greeting; answers AuthenticationRequest with a 13-digit nonce on one line + \\n, mirroring UTF-8 before login', async () => {
    const c = await client();
    await new Promise((r) => setTimeout(r, 150));
    expect(c.chunks).toHaveLength(0);
    c.send(ociRequest('sess,1', cmd('AuthenticationRequest', '<userId>admin@example.com</userId>'), 'UTF-8'));
    const reply = (await c.next()).toString('latin1');
    expect(reply).toMatch(
      new RegExp(
        `^<\\?xml version="1.0" encoding="UTF-8"\\?><BroadsoftDocument protocol="OCI" xmlns="C" ${XSI.replace(/[/.]/g, '\\$&')}><sessionId xmlns="">sess,1</sessionId>` +
          '<command echo="" xsi:type="AuthenticationResponse" xmlns=""><userId>admin@example.com</userId><nonce>\\d{13}</nonce><passwordAlgorithm>MD5</passwordAlgorithm></command></BroadsoftDocument>\\n$',
      ),
    );
    expect(reply.indexOf('\n')).toBe(reply.length - 1);
  });

  it('logs in with the signed 14sp4 flow and refuses a wrong signature with the captured error shape', async () => {
    const ok = await (await client()).login();
    expect(ok).toContain('<command echo="" xsi:type="LoginResponse14sp4" xmlns=""><loginType>System</loginType>');
    const bad = await (await client()).login('S2', 'admin@example.com', 'nope');
    expect(bad).toBe(
      `<?xml version="1.0" encoding="ISO-8859-1"?><BroadsoftDocument protocol="OCI" xmlns="C" ${XSI}><sessionId xmlns="">S2</sessionId>` +
        '<command type="Error" echo="" xsi:type="c:ErrorResponse" xmlns:c="C" xmlns=""><summary>[Error 4962] Invalid password</summary><summaryEnglish>[Error 4962] Invalid password</summaryEnglish></command></BroadsoftDocument>\n',
    );
  });

  it('accepts LoginRequest22V5 with the plain password', async () => {
    const c = await client();
    c.send(
      ociRequest('S1', cmd('LoginRequest22V5', '<userId>admin@example.com</userId><password>adminSecret</password>')),
    );
    expect((await c.next()).toString('latin1')).toContain('xsi:type="LoginResponse22V5"');
  });

  it('refuses anything but login before login', async () => {
    const c = await client();
    c.send(verify('<userId>alice@example.com</userId><password>alice-password1</password>'));
    expect((await c.next()).toString('latin1')).toContain('xsi:type="c:ErrorResponse"');
  });

  it('verifies all five branches and answers ISO-8859-1 after login, Latin-1 bytes for "Zoë"', async () => {
    const c = await client();
    await c.login();
    const forms = [
      '<userId>alice@example.com</userId><password>alice-password1</password>',
      '<phoneNumber>+1-2025550123</phoneNumber><passcode>1234</passcode>',
      '<phoneNumber>2025550123</phoneNumber><passcode>1234</passcode>',
      '<linePort>alice_lp@example.com</linePort><password>alice-password1</password>',
      '<loginToken>alice-login-token</loginToken>',
      '<sipAuthenticationUserName>alice_sip</sipAuthenticationUserName><sipAuthenticationPassword>alice-sip-secret</sipAuthenticationPassword><userId>alice@example.com</userId>',
    ];
    for (const f of forms) {
      c.send(verify(f));
      const r = (await c.next()).toString('latin1');
      expect(r).toContain(
        '<command echo="" xsi:type="AuthenticationVerifyResponse22V4" xmlns=""><loginType>User</loginType>',
      );
      expect(r).toContain(
        '<lastName>Smith</lastName><firstName>Alice</firstName><userId>alice@example.com</userId><phoneNumber>+1-2025550123</phoneNumber>',
      );
    }
    c.send(verify('<userId>zoe@example.com</userId><password>zoe-password1</password>'));
    const zoe = await c.next();
    expect(zoe.toString('latin1').startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>')).toBe(true);
    expect(zoe.includes(Buffer.from('<firstName>Zo\xeb</firstName>', 'latin1'))).toBe(true);
    expect(zoe.includes(Buffer.from('Zoë', 'utf8'))).toBe(false);
  });

  it('keeps user input as text: an injected userId arrives literally and matches nobody', async () => {
    const c = await client();
    await c.login();
    c.send(verify('<userId>&lt;/userId&gt;&lt;userId&gt;admin</userId><password>x</password>'));
    const r = (await c.next()).toString('latin1');
    expect(r).toContain('<summary>[Error 4008] User not found: &lt;/userId&gt;&lt;userId&gt;admin</summary>');
    expect(sim.calls.at(-1)?.summary).toBe('userId=</userId><userId>admin → [Error 4008]');
  });

  it('frames by </BroadsoftDocument>: 1-byte writes in, \\r\\n and no separator between coalesced documents', async () => {
    const c = await client();
    const auth = Buffer.from(
      ociRequest('S1', cmd('AuthenticationRequest', '<userId>admin@example.com</userId>')),
      'latin1',
    );
    for (const b of auth) {
      c.send(Buffer.from([b]));
      await new Promise((r) => setImmediate(r));
    }
    expect((await c.next()).toString('latin1')).toContain('AuthenticationResponse');
    c.send(
      ociRequest('S1', cmd('AuthenticationRequest', '<userId>a</userId>')) +
        '\r\n' +
        ociRequest('S1', cmd('AuthenticationRequest', '<userId>b</userId>')),
    );
    expect((await c.next()).toString('latin1')).toContain('<userId>a</userId>');
    expect((await c.next()).toString('latin1')).toContain('<userId>b</userId>');
  });

  it('records calls without secrets', () => {
    const text = JSON.stringify(sim.calls);
    expect(text).not.toMatch(/alice-password1|adminSecret|alice-login-token|alice-sip-secret/);
  });
});

describe('schema strictness (a real OCS validates before it acts; schema.ts)', () => {
  const aliceOk = '<userId>alice@example.com</userId><password>alice-password1</password>';
  const invalid = '<summary>[Error 4000] Invalid request</summary>';

  it('refuses verify children out of order, extra, missing, or outside the §5.1 limits', async () => {
    const c = await client();
    await c.login();
    for (const bad of [
      '<password>alice-password1</password><userId>alice@example.com</userId>',
      `${aliceOk}<passcode>1234</passcode>`,
      '<userId>alice@example.com</userId>',
      '<userId>alice@example.com</userId><password>   </password>',
      `<userId>alice@example.com</userId><password>${'x'.repeat(61)}</password>`,
      '<userId>alice@example.com</userId><sipAuthenticationUserName>alice_sip</sipAuthenticationUserName><sipAuthenticationPassword>alice-sip-secret</sipAuthenticationPassword>',
    ]) {
      c.send(verify(bad));
      expect((await c.next()).toString('latin1')).toContain(invalid);
    }
    c.send(verify(aliceOk));
    expect((await c.next()).toString('latin1')).toContain('AuthenticationVerifyResponse22V4');
  });

  it('treats a request xsi:type in namespace C (c:-prefixed) as no known request', async () => {
    const c = await client();
    await c.login();
    c.send(
      ociRequest(
        'S1',
        `<command xmlns="" xmlns:c="C" xsi:type="c:AuthenticationVerifyRequest22V4">${aliceOk}</command>`,
      ),
    );
    const r = (await c.next()).toString('latin1');
    expect(r).toContain('xsi:type="c:ErrorResponse"');
    expect(r).not.toContain('AuthenticationVerifyResponse22V4');
  });

  it('binds the login to its sessionId: another sessionId on the same socket is not logged in (§7.9)', async () => {
    const c = await client();
    await c.login('S1');
    c.send(ociRequest('S2', cmd('AuthenticationVerifyRequest22V4', aliceOk)));
    const other = (await c.next()).toString('latin1');
    expect(other).toContain('<sessionId xmlns="">S2</sessionId>');
    expect(other).toContain('[Error 5404] Unauthorized transaction.');
    c.send(verify(aliceOk));
    expect((await c.next()).toString('latin1')).toContain('AuthenticationVerifyResponse22V4');
  });

  it('drops a document without protocol="OCI" or with more than 15 commands (no reply, connection closed)', async () => {
    const noProtocol = await client();
    noProtocol.send(
      ociRequest('S1', cmd('AuthenticationRequest', '<userId>admin@example.com</userId>')).replace(
        ' protocol="OCI"',
        '',
      ),
    );
    expect(await noProtocol.waitClosed()).toBe(true);
    expect(noProtocol.chunks).toHaveLength(0);
    const sixteen = await client();
    sixteen.send(ociRequest('S1', cmd('AuthenticationRequest', '<userId>admin@example.com</userId>').repeat(16)));
    expect(await sixteen.waitClosed()).toBe(true);
    expect(sixteen.chunks).toHaveLength(0);
  });
});

describe('scenarios', () => {
  async function loggedIn(): Promise<RawClient> {
    const c = await client();
    await c.login();
    return c;
  }
  const aliceOk = verify('<userId>alice@example.com</userId><password>alice-password1</password>');

  it('wrong-password, locked, error-with-code', async () => {
    const c = await loggedIn();
    sim.setScenario('wrong-password');
    c.send(aliceOk);
    expect((await c.next()).toString('latin1')).toContain('<summary>[Error 4962] Invalid password</summary>');
    sim.setScenario('locked');
    c.send(aliceOk);
    expect((await c.next()).toString('latin1')).toContain('<summary>[Error 5202] Account is disabled.</summary>');
    sim.setScenario('error-with-code');
    c.send(verify('<userId>alice@example.com</userId><password>nope</password>'));
    expect((await c.next()).toString('latin1')).toContain(
      '<command type="Error" echo="" xsi:type="c:ErrorResponse" xmlns:c="C" xmlns=""><errorCode>4962</errorCode><summary>[Error 4962] Invalid password</summary>',
    );
  });

  it('split-writes sends a reply one byte per write', async () => {
    const c = await loggedIn();
    sim.setScenario('split-writes');
    const before = c.chunks.length;
    c.send(aliceOk);
    const doc = await c.next();
    expect(c.chunks.length - before).toBeGreaterThan(20);
    expect(doc.toString('latin1')).toContain('AuthenticationVerifyResponse22V4');
  });

  it('coalesced answers pipelined documents in one write', async () => {
    const c = await loggedIn();
    sim.setScenario('coalesced');
    const before = c.chunks.length;
    c.send(aliceOk + aliceOk);
    await c.next();
    await c.next();
    expect(c.chunks.length - before).toBe(1);
  });

  it('garbage, drop-mid-reply, slow', async () => {
    let c = await loggedIn();
    sim.setScenario('garbage');
    c.send(aliceOk);
    expect((await c.next()).toString('latin1')).toContain('not-xml');
    sim.setScenario('drop-mid-reply');
    c = await loggedIn();
    c.send(aliceOk);
    await expect(c.next()).rejects.toThrow(/closed; pending \d+ bytes/);
    sim.setScenario('slow');
    c = await client();
    const t0 = Date.now();
    c.send(ociRequest('S1', cmd('AuthenticationRequest', '<userId>x</userId>')));
    await c.next();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
  });

  it('forced-logout pushes LogoutRequest instead of the reply, then closes (one-shot)', async () => {
    const c = await loggedIn();
    sim.setScenario('forced-logout');
    c.send(aliceOk);
    const push = (await c.next()).toString('latin1');
    expect(push).toContain(
      '<command xsi:type="LogoutRequest" xmlns=""><userId>admin@example.com</userId><reason>Open Client Server Forced Logout</reason></command>',
    );
    expect(await c.waitClosed()).toBe(true);
    const d = await loggedIn();
    d.send(aliceOk);
    expect((await d.next()).toString('latin1')).toContain('AuthenticationVerifyResponse22V4');
  });

  it('forceLogout() pushes to idle sessions, or right behind the next reply in the same write', async () => {
    const a = await loggedIn();
    expect(sim.forceLogout()).toBeGreaterThanOrEqual(1);
    expect((await a.next()).toString('latin1')).toContain('Open Client Server Forced Logout');
    expect(await a.waitClosed()).toBe(true);
    const b = await loggedIn();
    sim.forceLogout({ withNextReply: true });
    const before = b.chunks.length;
    b.send(aliceOk);
    expect((await b.next()).toString('latin1')).toContain('AuthenticationVerifyResponse22V4');
    expect((await b.next()).toString('latin1')).toContain('LogoutRequest');
    expect(b.chunks.length - before).toBe(1);
  });
});

describe('SOAP endpoint', () => {
  const soap = (inner: string, param = 'ns1:in0', cookie?: string) =>
    fetch(sim.soapUrl!, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', ...(cookie ? { cookie } : {}) },
      body: `<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:com:broadsoft:webservice"><SOAP-ENV:Body><ns1:processOCIMessage><${param}>${inner.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</${param}></ns1:processOCIMessage></SOAP-ENV:Body></SOAP-ENV:Envelope>`,
    });

  it('answers the captured INVALID_REQUEST fault before login, and verifies after a login kept by JSESSIONID', async () => {
    const early = await soap(verify('<userId>alice@example.com</userId><password>alice-password1</password>'));
    expect(early.status).toBe(500);
    expect(await early.text()).toContain(
      '<faultstring>INVALID_REQUEST</faultstring><faultactor>ProvisioningService</faultactor><detail><string>Cannot process any request before user is logged in.</string></detail>',
    );
    const auth = await soap(ociRequest('S1', cmd('AuthenticationRequest', '<userId>admin@example.com</userId>')));
    const cookie = auth.headers.get('set-cookie')!.split(';')[0]!;
    const nonce = /&lt;nonce&gt;(\d{13})&lt;\/nonce&gt;/.exec(await auth.text())?.[1] ?? '';
    const login = await soap(
      ociRequest(
        'S1',
        cmd(
          'LoginRequest14sp4',
          `<userId>admin@example.com</userId><signedPassword>${signedPassword(nonce, 'adminSecret')}</signedPassword>`,
        ),
      ),
      'ns1:in0',
      cookie,
    );
    expect(await login.text()).toContain('LoginResponse14sp4');
    const ok = await soap(verify('<userId>zoe@example.com</userId><password>zoe-password1</password>'), 'in0', cookie);
    const body = await ok.text();
    expect(body).toContain(
      '&lt;?xml version=&quot;1.0&quot; encoding=&quot;ISO-8859-1&quot;?&gt;\n&lt;BroadsoftDocument',
    );
    expect(body).toContain('&lt;firstName&gt;Zoë&lt;/firstName&gt;');
    const noCookie = await soap(verify('<userId>zoe@example.com</userId><password>zoe-password1</password>'));
    expect(noCookie.status).toBe(500);
  });

  it('requires SOAP 1.1 headers: Content-Type text/xml and SOAPAction', async () => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body/></SOAP-ENV:Envelope>';
    const json = await fetch(sim.soapUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', soapaction: '""' },
      body,
    });
    expect(json.status).toBe(415);
    const noAction = await fetch(sim.soapUrl!, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body,
    });
    expect(noAction.status).toBe(500);
    expect(await noAction.text()).toContain('<faultstring>Client.NoSOAPAction</faultstring>');
  });
});

describe('close()', () => {
  it('clears the slow-scenario timers (TCP and SOAP) instead of leaving them to fire later', async () => {
    const made: unknown[] = [];
    const realSet = globalThis.setTimeout;
    const setSpy = vi.spyOn(globalThis, 'setTimeout').mockImplementation((fn: () => void, ms?: number) => {
      const t = realSet(fn, ms);
      if (ms === 60_000) made.push(t);
      return t;
    });
    const clearSpy = vi.spyOn(globalThis, 'clearTimeout');
    try {
      const slow = await startBroadworksSimulator({ scenario: 'slow', slowMs: 60_000 });
      const c = await RawClient.connect(slow.port);
      c.send(ociRequest('S1', cmd('AuthenticationRequest', '<userId>admin@example.com</userId>')));
      const inner = ociRequest('S2', cmd('AuthenticationRequest', '<userId>admin@example.com</userId>'))
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;');
      const pending = fetch(slow.soapUrl!, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', soapaction: '""' },
        body: `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><processOCIMessage><in0>${inner}</in0></processOCIMessage></e:Body></e:Envelope>`,
      }).catch((e: unknown) => e);
      for (let i = 0; i < 50 && made.length < 2; i++) await new Promise((r) => realSet(r, 20));
      expect(made).toHaveLength(2);
      await slow.close();
      c.close();
      await pending;
      for (const t of made) expect(clearSpy).toHaveBeenCalledWith(t);
    } finally {
      setSpy.mockRestore();
      clearSpy.mockRestore();
    }
  });
});

describe('TLS', () => {
  it('speaks TLS from the first byte when given a key and certificate', async () => {
    const cert = await selfSignedCert();
    const tsim = await startBroadworksSimulator({ tls: cert, soap: false });
    try {
      expect(tsim.url).toMatch(/^tls:\/\//);
      const c = await RawClient.connect(tsim.port, { tls: { ca: cert.cert } });
      expect(await c.login()).toContain('LoginResponse14sp4');
      c.close();
    } finally {
      await tsim.close();
    }
  });
});

describe('NAT blackhole (blackholeIdleMs) and the idle probe request', () => {
  it('answers SystemSoftwareVersionGetRequest after login; an idle connection then swallows everything without FIN', async () => {
    const bsim = await startBroadworksSimulator({ port: 0, soap: false, blackholeIdleMs: 200 });
    try {
      const c = await RawClient.connect(bsim.port);
      await c.login();
      c.send(ociRequest('S1', cmd('SystemSoftwareVersionGetRequest', '')));
      expect((await c.next()).toString('latin1')).toContain(
        '<command echo="" xsi:type="SystemSoftwareVersionGetResponse" xmlns=""><version>',
      );
      await new Promise((r) => setTimeout(r, 350));
      expect(bsim.calls.map((x) => x.kind)).toContain('blackholed');
      c.send(ociRequest('S1', cmd('SystemSoftwareVersionGetRequest', '')));
      await expect(c.next(400)).rejects.toThrow('timeout waiting for a document');
      expect(c.closed).toBe(false);
      expect(bsim.calls.map((x) => x.kind)).toContain('swallowed');
      c.close();
    } finally {
      await bsim.close();
    }
  });
});
