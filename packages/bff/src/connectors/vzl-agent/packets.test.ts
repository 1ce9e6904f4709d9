/**
 * Request bytes and reply parsing against the docs/protocols/vzl-agent.md samples (verbatim where the note
 * gives them), in both prefix styles.
 */
import { describe, expect, it } from 'vitest';
import { authenticatePacket, loginPacket, parseReply, tokenSummary } from './packets.js';

const REALM = '3e761571-6607-1344-a064-a42679da8ed9';

/** §4.3 success output, verbatim from the API reference (root unprefixed, children ns1/ns2/ns3). */
const AUTH_OK = `<?xml version="1.0" encoding="UTF-8"?><packet xmlns:ns3="http://www.swsoft.com/webservices/vzl/4.0.0/types" xmlns:ns1="http://www.swsoft.com/webservices/vzl/4.0.0/protocol" xmlns:ns2="http://www.swsoft.com/webservices/vzl/4.0.0/authm" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="ec469f8070t6952r9c4" time="2007-07-19T02:13:12+0000" priority="0" version="4.0.0">
<ns1:origin>authm</ns1:origin>
<ns1:target>vzclient5-2cbbe469-8f57-7f46-97fb-fd987231d957</ns1:target>
<ns1:dst>
<ns1:director>gend</ns1:director>
</ns1:dst>
<ns1:data>
<ns2:authm>
<ns2:token xsi:type="ns3:tokenType">
<ns3:user>AQUAAAAAIAHTZdZTIXhCiJzs2URXL/tM/wEAAA==</ns3:user>
<ns3:groups>
<ns3:sid>AQUAAAAAIAHTZdZTIXhCiJzs2URXL/tM/wEAAA==</ns3:sid>
</ns3:groups>
<ns3:deny_only_sids/>
<ns3:privileges/>
</ns2:token>
</ns2:authm>
</ns1:data>
<ns1:src>
<ns1:director>gend</ns1:director>
</ns1:src>
</packet>
`;

/** The same reply unprefixed, in the style of the get_realm / sessionm outputs (§3.3). */
const AUTH_OK_PLAIN = `<packet xmlns:ns2="http://www.swsoft.com/webservices/vzl/4.0.0/types" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="2" priority="0" version="4.0.0">
<origin>authm</origin>
<target>vzclient69-4fce28dd-0cd3-1345-bb94-3192b940fb90</target>
<data>
<authm>
<token xsi:type="ns2:tokenType">
<user>AQUAAAAAIAHdKM5P0wxFE7uUMZK5QPuQAAAAAA==</user>
<privileges>
<privilege>vzl.read</privilege>
</privileges>
<source>
<name>Virtuozzo Internal</name>
<id>3e761571-6607-1344-a064-a42679da8ed9</id>
</source>
</token>
</authm>
</data>
</packet>
`;

/** §4.3 illustrative failure, with the root prefixed too (system/login style). */
const AUTH_ERR_PREFIXED = `<?xml version="1.0" encoding="UTF-8"?><ns2:packet xmlns:ns2="http://www.swsoft.com/webservices/vzl/4.0.0/protocol" xmlns:ns1="http://www.swsoft.com/webservices/vzl/4.0.0/authm" id="2" time="2024-01-01T00:00:00+0000" priority="0" version="4.0.0">
<ns2:origin>authm</ns2:origin>
<ns2:target>vzclient5-2cbbe469-8f57-7f46-97fb-fd987231d957</ns2:target>
<ns2:data>
<ns1:authm>
<ns2:error>
<ns2:code>1501</ns2:code>
<ns2:message>Authentication failed</ns2:message>
</ns2:error>
</ns1:authm>
</ns2:data>
</ns2:packet>
`;

describe('vzl-agent request packets (§4.2, §4.3)', () => {
  it('authm/authenticate: target authm, base64 name/password, realm, order name-realm-password, one trailing NUL', () => {
    expect(authenticatePacket('2', 'Test_User', 'mypass', REALM).toString('utf8')).toBe(
      `<packet version="4.0.0" id="2"><target>authm</target><data><authm><authenticate><name>VGVzdF9Vc2Vy</name><realm>${REALM}</realm><password>bXlwYXNz</password></authenticate></authm></data></packet>\0`,
    );
  });

  it('system/login carries no <target> (pitfall 3)', () => {
    expect(loginPacket('1', 'root', 'mypass', '00000000-0000-0000-0000-000000000000').toString('utf8')).toBe(
      '<packet version="4.0.0" id="1"><data><system><login><name>cm9vdA==</name><realm>00000000-0000-0000-0000-000000000000</realm><password>bXlwYXNz</password></login></system></data></packet>\0',
    );
  });

  it('encodes non-ASCII as base64 of UTF-8 without line breaks (pitfall 7)', () => {
    const long = 'Zoë-Ünïcödé-пароль-密码-'.repeat(8);
    const text = authenticatePacket('3', 'zoë.müller', long, REALM).toString('utf8');
    const name = /<name>([^<]*)<\/name>/.exec(text)![1]!;
    const password = /<password>([^<]*)<\/password>/.exec(text)![1]!;
    expect(Buffer.from(name, 'base64').toString('utf8')).toBe('zoë.müller');
    expect(Buffer.from(password, 'base64').toString('utf8')).toBe(long);
    expect(password).toMatch(/^[A-Za-z0-9+/=]+$/);
  });

  it('markup in a name stays text: the packet keeps exactly one name element and one NUL', () => {
    const evil = '</name><name>admin</name><!--\0]]>&xxe;';
    const text = authenticatePacket('4', evil, 'x<y>&"', REALM).toString('utf8');
    expect(text.match(/<name>/g)).toHaveLength(1);
    expect(text.indexOf('\0')).toBe(text.length - 1);
    expect(Buffer.from(/<name>([^<]*)<\/name>/.exec(text)![1]!, 'base64').toString('utf8')).toBe(evil);
  });
});

describe('vzl-agent reply parsing by local name (§3.3, pitfalls 4, 5, 11)', () => {
  it('reads the verbatim §4.3 success (agent-generated id, src after data)', () => {
    const r = parseReply(Buffer.from(AUTH_OK));
    expect(r.id).toBe('ec469f8070t6952r9c4');
    expect(r.origin).toBe('authm');
    expect(r.errors).toEqual([]);
    expect(r.token?.operator).toBe('authm');
    expect(tokenSummary(r.token!.element)).toEqual({
      userSid: 'AQUAAAAAIAHTZdZTIXhCiJzs2URXL/tM/wEAAA==',
      privileges: [],
    });
  });

  it('reads the same reply unprefixed, with privileges and source', () => {
    const r = parseReply(Buffer.from(AUTH_OK_PLAIN));
    expect(r.id).toBe('2');
    expect(tokenSummary(r.token!.element)).toEqual({
      userSid: 'AQUAAAAAIAHdKM5P0wxFE7uUMZK5QPuQAAAAAA==',
      privileges: ['vzl.read'],
      source: 'Virtuozzo Internal',
    });
  });

  it('reads an error when ns1 means authm and ns2 the protocol (prefix mapping differs per reply)', () => {
    const r = parseReply(Buffer.from(AUTH_ERR_PREFIXED));
    expect(r.origin).toBe('authm');
    expect(r.errors).toEqual([{ code: '1501', message: 'Authentication failed', operator: 'authm' }]);
    expect(r.token).toBeUndefined();
  });

  it('refuses a DOCTYPE, a non-packet root and malformed markup', () => {
    expect(() => parseReply(Buffer.from('<!DOCTYPE p [<!ENTITY a "b">]><packet id="1">&a;</packet>'))).toThrow();
    expect(() => parseReply(Buffer.from('<html><body>hi</body></html>'))).toThrow(/not a packet/);
    expect(() => parseReply(Buffer.from('<packet id="1"><data></packet>'))).toThrow();
  });
});
