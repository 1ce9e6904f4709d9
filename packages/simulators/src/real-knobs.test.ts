/**
 * The knobs that stand for unconfirmed real behaviours (docs/protocols/unconfirmed-behaviours.md), each
 * checked on the wire without any connector: what a client sees under every alternative.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startAuthingSimulator } from './authing/index.js';
import { startBroadworksSimulator } from './broadworks-oci/index.js';
import { cmd, ociRequest, RawClient } from './broadworks-oci/raw-client.test-kit.js';
import { DIGIPASS_DEMO_API_KEY, startDigipassSimulator } from './digipass-gateway/index.js';
import { startOpenIamSimulator } from './openiam/index.js';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

const VERIFY = cmd(
  'AuthenticationVerifyRequest22V4',
  '<userId>alice@example.com</userId><password>alice-password1</password>',
);

describe('broadworks-oci', () => {
  it('admin-session-expired: one verification on a logged-in socket gets 5404, the next login works again', async () => {
    const sim = await startBroadworksSimulator({ port: 0, soap: false });
    open.push(sim);
    const c = await RawClient.connect(sim.port);
    open.push(c);
    await c.login('S1');
    sim.setScenario('admin-session-expired');
    c.send(ociRequest('S1', VERIFY));
    expect((await c.next()).toString('latin1')).toContain('[Error 5404] Unauthorized transaction.');
    expect(c.closed).toBe(false);
    await c.login('S1');
    c.send(ociRequest('S1', VERIFY));
    expect((await c.next()).toString('latin1')).toContain('AuthenticationVerifyResponse22V4');
  });

  it('admin-unauthorized: every verification gets 5404, even right after a login', async () => {
    const sim = await startBroadworksSimulator({ port: 0, soap: false, scenario: 'admin-unauthorized' });
    open.push(sim);
    const c = await RawClient.connect(sim.port);
    open.push(c);
    await c.login('S1');
    c.send(ociRequest('S1', VERIFY));
    expect((await c.next()).toString('latin1')).toContain('[Error 5404]');
  });

  it('stickyCookie: set with JSESSIONID; a request without it is a stranger to the session', async () => {
    const sim = await startBroadworksSimulator({ port: 0, stickyCookie: 'BIGipServerXSP' });
    open.push(sim);
    const post = (inner: string, cookie?: string) =>
      fetch(sim.soapUrl!, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', ...(cookie ? { cookie } : {}) },
        body:
          '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:com:broadsoft:webservice"><SOAP-ENV:Body><ns1:processOCIMessage><ns1:in0>' +
          inner.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') +
          '</ns1:in0></ns1:processOCIMessage></SOAP-ENV:Body></SOAP-ENV:Envelope>',
      });
    const first = await post(
      ociRequest('S1', cmd('AuthenticationRequest', '<userId>admin@example.com</userId>'), 'UTF-8'),
    );
    const cookies = first.headers.getSetCookie().map((c) => c.split(';')[0]!);
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['JSESSIONID', 'BIGipServerXSP']);
    const jsession = cookies[0]!;
    // JSESSIONID alone: "another XSP" answers as for a new session (the login is not there).
    const stranger = await post(ociRequest('S1', VERIFY, 'UTF-8'), jsession);
    expect(await stranger.text()).toContain('before user is logged in');
    expect(stranger.headers.getSetCookie().some((c) => c.startsWith('JSESSIONID='))).toBe(true);
  });
});

describe('digipass-gateway failureStatus', () => {
  it.each([200, 401, 500] as const)('failures answered as HTTP %i with the resultCodes body', async (failureStatus) => {
    const sim = await startDigipassSimulator({ failureStatus });
    open.push(sim);
    const auth = `Basic ${Buffer.from(`:${DIGIPASS_DEMO_API_KEY}`).toString('base64')}`;
    const res = await fetch(`${sim.url}/rest/v2/authentication/authUser`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify({ userID: 'dora', password: '999999' }),
    });
    expect(res.status).toBe(failureStatus);
    expect(((await res.json()) as { resultCodes: { statusCodeEnum: string } }).resultCodes.statusCodeEnum).toBe(
      'STAT_OTP_INCORRECT',
    );
    // A wrong key is still a bare 401.
    const bad = await fetch(`${sim.url}/rest/v2/authentication/authUser`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic Og==' },
      body: '{}',
    });
    expect(bad.status).toBe(401);
    expect(await bad.text()).toBe('');
  });
});

describe('openiam', () => {
  const send = (url: string, email: string) =>
    fetch(`${url}/selfservice/send-verification-code-by-email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    }).then((r) => r.json() as Promise<{ error: boolean; contextValues: Record<string, { userId?: unknown }> | null }>);

  it('unknownAddresses accept: a stranger gets a code and an answer like any other; refuse: INVALID_EMAIL', async () => {
    const accept = await startOpenIamSimulator({ unknownAddresses: 'accept' });
    const refuse = await startOpenIamSimulator();
    open.push(accept, refuse);
    const a = await send(accept.url, 'stranger@elsewhere.test');
    expect(a.error).toBe(false);
    expect(a.contextValues!.emailAddressForCode!.userId).toBeNull();
    expect(accept.outbox.at(-1)?.to).toBe('stranger@elsewhere.test');
    expect((await send(refuse.url, 'stranger@elsewhere.test')).error).toBe(true);
    expect(refuse.outbox).toHaveLength(0);
  });

  it('userIdInSend fills the bean; wrongCodeStatus sets the HTTP status of a failed check', async () => {
    const sim = await startOpenIamSimulator({ userIdInSend: true, wrongCodeStatus: 401 });
    open.push(sim);
    const sent = await send(sim.url, 'olivia@example.com');
    expect(typeof sent.contextValues!.emailAddressForCode!.userId).toBe('string');
    const res = await fetch(`${sim.url}/selfservice/check-verification-code`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ emailCode: 'nope', emailMovingFactor: '1' }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { status: number }).status).toBe(500);
  });
});

describe('authing captchaBy', () => {
  const login = (url: string, appId: string, clientIp?: string) =>
    fetch(`${url}/graphql/v2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-authing-app-id': appId },
      body: JSON.stringify({
        query: 'mutation loginByUsername($input: LoginByUsernameInput!) { loginByUsername(input: $input) { id } }',
        variables: { input: { username: 'grace', password: 'wrong', ...(clientIp ? { clientIp } : {}) } },
      }),
    }).then((r) => r.json() as Promise<{ errors?: Array<{ message: { code: number } }> }>);

  it('clientIp: failures count per clientIp; identifier: per account', async () => {
    const byIp = await startAuthingSimulator({
      captchaAfterFailures: 1,
      captchaBy: 'clientIp',
      acceptPlaintextPasswords: true,
    });
    open.push(byIp);
    expect((await login(byIp.url, byIp.appId, '203.0.113.1')).errors![0]!.message.code).toBe(2333);
    expect((await login(byIp.url, byIp.appId, '203.0.113.1')).errors![0]!.message.code).toBe(2000);
    expect((await login(byIp.url, byIp.appId, '203.0.113.2')).errors![0]!.message.code).toBe(2333);
    const byId = await startAuthingSimulator({ captchaAfterFailures: 1, acceptPlaintextPasswords: true });
    open.push(byId);
    expect((await login(byId.url, byId.appId, '203.0.113.1')).errors![0]!.message.code).toBe(2333);
    expect((await login(byId.url, byId.appId, '203.0.113.2')).errors![0]!.message.code).toBe(2000);
  });
});
