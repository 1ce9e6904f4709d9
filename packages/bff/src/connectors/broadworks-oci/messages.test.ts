import { describe, expect, it } from 'vitest';
import { credentialFor, parseReply, requestDocument, signPassword, verifyCommand } from './messages.js';
import { broadworksOciConfigSchema } from './config.js';

const HEAD =
  '<?xml version="1.0" encoding="ISO-8859-1"?><BroadsoftDocument protocol="OCI" xmlns="C" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><sessionId xmlns="">S</sessionId>';
const reply = (cmd: string): Buffer => Buffer.from(`${HEAD}${cmd}</BroadsoftDocument>\n`, 'latin1');

describe('signed password (docs/protocols/broadworks-oci.md §4.1 vectors)', () => {
  it('md5(nonce:sha1hex(pw)) in lowercase hex', () => {
    expect(signPassword('1234567890123', 'password')).toBe('77e4a6de3a1e00be05e121cf0ebee860');
    expect(signPassword('1493647455426', 'Secr3t&Pass')).toBe('e7cf42800a5de5902476d322ccb4a254');
  });
});

describe(`credential forms (docs/architecture.md "How each connector reads the tabs' fields", docs/protocols/broadworks-oci.md §5.1)`, () => {
  it('with passcodeLogin, a phone-number identifier becomes phoneNumber + passcode, sent as typed', () => {
    for (const id of ['2025550123', '+1-2025550123', '+12025550123', '1-202-555-0123']) {
      expect(credentialFor(id, '1234', 'userId', true)).toEqual({
        form: 'phoneNumber',
        phoneNumber: id,
        passcode: '1234',
      });
      // Without it (the default), digits are a userId like any other.
      expect(credentialFor(id, 'pw', 'userId')).toEqual({ form: 'userId', userId: id, password: 'pw' });
    }
    for (const id of ['alice@example.com', '+1-', '202 555', '-123', '12--3', 'a1']) {
      expect(credentialFor(id, 'pw', 'userId', true).form).toBe('userId');
    }
  });

  it('linePort and sip forms by config; sip takes sipUserName/userId', () => {
    expect(credentialFor('lp@x', 'pw', 'linePort')).toEqual({ form: 'linePort', linePort: 'lp@x', password: 'pw' });
    expect(credentialFor('alice_sip/alice@example.com', 's', 'sip')).toEqual({
      form: 'sip',
      sipUserName: 'alice_sip',
      sipPassword: 's',
      userId: 'alice@example.com',
    });
    expect(credentialFor('same@x', 's', 'sip')).toEqual({
      form: 'sip',
      sipUserName: 'same@x',
      sipPassword: 's',
      userId: 'same@x',
    });
  });

  it('writes each branch in schema order, escaped, with xmlns="" on command and sessionId', () => {
    const doc = requestDocument(
      'S',
      [verifyCommand({ form: 'sip', sipUserName: 'u', sipPassword: 'p&ss<w>rd', userId: 'a@b' })],
      'UTF-8',
    ).toString('utf8');
    expect(doc).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><BroadsoftDocument protocol="OCI" xmlns="C" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><sessionId xmlns="">S</sessionId>' +
        '<command xmlns="" xsi:type="AuthenticationVerifyRequest22V4"><sipAuthenticationUserName>u</sipAuthenticationUserName><sipAuthenticationPassword>p&amp;ss&lt;w&gt;rd</sipAuthenticationPassword><userId>a@b</userId></command></BroadsoftDocument>\n',
    );
    expect(() => verifyCommand({ form: 'userId', userId: 'a\u0000', password: 'x' })).toThrow();
  });
});

describe('reply parsing (§3.2, §5.4, §7.8)', () => {
  it('finds the error code in errorCode, else in the summary prefix; trusts type="Error" too', () => {
    const withCode = parseReply(
      reply(
        '<command type="Error" echo="" xsi:type="c:ErrorResponse" xmlns:c="C" xmlns=""><errorCode>4962</errorCode><summary>[Error 4962] Invalid password</summary><summaryEnglish>x</summaryEnglish></command>',
      ),
      65536,
    );
    expect(withCode.commands[0]?.error?.code).toBe(4962);
    const prefixed = parseReply(
      reply(
        '<command type="Error" echo="" xsi:type="c:ErrorResponse" xmlns:c="C" xmlns=""><summary>[Error 4008] User not found: x</summary><summaryEnglish>x</summaryEnglish></command>',
      ),
      65536,
    );
    expect(prefixed.commands[0]?.error?.code).toBe(4008);
    const otherPrefix = parseReply(
      reply(
        '<command type="Error" echo="" q:type="ErrorResponse" xmlns:q="http://www.w3.org/2001/XMLSchema-instance" xmlns=""><summary>no code</summary></command>',
      ),
      65536,
    );
    expect(otherPrefix.commands[0]?.error).toEqual({ summary: 'no code' });
    const typeOnly = parseReply(
      reply('<command type="Error" echo="" xmlns=""><summary>[Error 1] x</summary></command>'),
      65536,
    );
    expect(typeOnly.commands[0]?.type).toBe('ErrorResponse');
    const ok = parseReply(reply('<command echo="" xsi:type="c:SuccessResponse" xmlns:c="C" xmlns=""/>'), 65536);
    expect(ok.commands[0]).toMatchObject({ type: 'SuccessResponse' });
    expect(ok.commands[0]?.error).toBeUndefined();
  });

  it('rejects a root outside namespace C', () => {
    expect(() =>
      parseReply(Buffer.from('<BroadsoftDocument protocol="OCI"><sessionId>S</sessionId></BroadsoftDocument>'), 65536),
    ).toThrow(/namespace|BroadsoftDocument/);
  });
});

describe('config schema', () => {
  const base = { type: 'broadworks-oci', host: 'bw', adminUserId: 'admin', adminPassword: 'pw' };
  it('applies defaults and is strict', () => {
    expect(broadworksOciConfigSchema.parse(base)).toMatchObject({
      transport: 'tcp',
      tls: false,
      login: 'signed14sp4',
      passwordForm: 'userId',
      timeout: 5000,
      poolSize: 2,
    });
    expect(() => broadworksOciConfigSchema.parse({ ...base, bogus: 1 })).toThrow();
    expect(() => broadworksOciConfigSchema.parse({ ...base, host: undefined })).toThrow(/host/);
    expect(() => broadworksOciConfigSchema.parse({ ...base, transport: 'soap' })).toThrow(/url/);
    expect(broadworksOciConfigSchema.parse({ ...base, timeout: '250ms', login: '22V5' })).toMatchObject({
      timeout: 250,
      login: '22V5',
    });
  });
});
