import { describe, expect, it } from 'vitest';
import {
  XSI_NS,
  XmlError,
  attr,
  child,
  childText,
  childrenNamed,
  decodeDocument,
  declaredEncoding,
  el,
  encodeDocument,
  escapeText,
  findFirst,
  hasIllegalXmlChars,
  parseXml,
  xsiType,
} from './xml.js';

describe('escaping builder', () => {
  it('turns markup in user input into text', () => {
    const x = el(
      'command',
      { xmlns: '', 'xsi:type': 'AuthenticationVerifyRequest22V4' },
      el('userId', {}, '</userId><userId>admin'),
    );
    expect(x.toString()).toBe(
      '<command xmlns="" xsi:type="AuthenticationVerifyRequest22V4"><userId>&lt;/userId&gt;&lt;userId&gt;admin</userId></command>',
    );
    // and it round-trips as that literal text
    const back = parseXml(`<r xmlns:xsi="${XSI_NS}">${x.toString()}</r>`);
    expect(childText(child(back, 'command')!, 'userId')).toBe('</userId><userId>admin');
  });

  it('escapes & < > in text and quotes in attributes, keeps attribute order, self-closes empty elements', () => {
    expect(escapeText('p&ss<w>rd')).toBe('p&amp;ss&lt;w&gt;rd');
    expect(el('a', { z: '1', echo: `"'&` }).toString()).toBe('<a z="1" echo="&quot;&apos;&amp;"/>');
  });

  it('refuses characters XML cannot carry, without echoing the value', () => {
    for (const bad of ['a\u0000b', 'x\u0001', '\u000b', '\u001f', 'lone\ud800', '\udc00x', '\uffff']) {
      expect(hasIllegalXmlChars(bad)).toBe(true);
      expect(() => el('password', {}, bad)).toThrow(XmlError);
    }
    // Not try/catch: if el() stopped throwing, the message check must fail, not be skipped.
    expect(() => el('password', {}, 'secret\u0000')).toThrow(XmlError);
    expect(() => el('password', {}, 'secret\u0000')).not.toThrow(/secret/);
    expect(hasIllegalXmlChars('tab\tnl\ncr\r😀 Zoë')).toBe(false);
  });
});

describe('encoding', () => {
  it('writes ISO-8859-1 bytes truly as latin1, with numeric references above U+00FF', () => {
    const bytes = encodeDocument(el('n', {}, 'Zoë 中😀'), 'ISO-8859-1');
    expect(bytes.toString('latin1')).toBe(
      '<?xml version="1.0" encoding="ISO-8859-1"?><n>Zo\u00eb &#x4E2D;&#x1F600;</n>',
    );
    expect(bytes.includes(0xeb)).toBe(true); // ë is ONE byte 0xEB, not C3 AB
    expect(parseXml(decodeDocument(bytes)).text).toBe('Zoë 中😀');
  });

  it('decodes each document by its own declaration', () => {
    const latin = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><n>Zo\u00eb</n>', 'latin1');
    const utf = Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<n>Zoë</n>', 'utf8');
    const none = Buffer.from('<n>Zoë</n>', 'utf8');
    expect(declaredEncoding(latin)).toBe('ISO-8859-1');
    expect(parseXml(decodeDocument(latin)).text).toBe('Zoë');
    expect(parseXml(decodeDocument(utf)).text).toBe('Zoë');
    expect(parseXml(decodeDocument(none)).text).toBe('Zoë');
    // latin1 bytes wrongly declared as UTF-8 are an error, not mojibake
    expect(() =>
      decodeDocument(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><n>Zo\u00eb</n>', 'latin1')),
    ).toThrow(XmlError);
    expect(() => decodeDocument(Buffer.from('<?xml version="1.0" encoding="EBCDIC"?><n/>'))).toThrow(/unsupported/);
  });
});

describe('safe parser', () => {
  it('refuses DOCTYPE and entity declarations (XXE, billion laughs)', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    expect(() => parseXml(xxe)).toThrow(/DOCTYPE/);
    const lol = '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><r>&b;</r>';
    expect(() => parseXml(lol)).toThrow(XmlError);
  });

  it('decodes only predefined and numeric entities; undeclared entities are errors', () => {
    expect(parseXml('<r a="&quot;x&amp;">&lt;&#65;&#x42;&gt;&apos;</r>').text).toBe("<AB>'");
    expect(attr(parseXml('<r a="&quot;x&amp;"/>'), 'a')).toBe('"x&');
    expect(() => parseXml('<r>&nbsp;</r>')).toThrow(XmlError);
    expect(() => parseXml('<r>&#0;</r>')).toThrow(XmlError);
    expect(parseXml('<r><![CDATA[&amp;<x>]]></r>').text).toBe('&amp;<x>');
  });

  it('enforces size and depth caps and rejects garbage', () => {
    expect(() => parseXml(`<r>${'x'.repeat(100)}</r>`, { maxLength: 50 })).toThrow(/too large/);
    const deep = '<a>'.repeat(40) + '</a>'.repeat(40);
    expect(() => parseXml(deep, { maxDepth: 32 })).toThrow(XmlError);
    expect(() => parseXml('<a><b></a>')).toThrow(XmlError);
    expect(() => parseXml('HTTP/1.1 400 Bad Request')).toThrow(XmlError);
    expect(() => parseXml('<a/><b/>')).toThrow(XmlError);
    expect(() => parseXml('<p:a/>')).toThrow(/prefix/);
  });

  it('resolves namespaces and xsi:type by URI, whatever the prefixes', () => {
    const doc = parseXml(
      '<?xml version="1.0" encoding="ISO-8859-1"?><BroadsoftDocument protocol="OCI" xmlns="C" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        '<sessionId xmlns="">s1</sessionId>' +
        '<command echo="" xsi:type="LoginResponse14sp4" xmlns=""><loginType>System</loginType></command>' +
        '<command type="Error" echo="" xsi:type="c:ErrorResponse" xmlns:c="C" xmlns=""><summary>[Error 4962] Invalid password</summary></command>' +
        '</BroadsoftDocument>',
    );
    expect(doc.local).toBe('BroadsoftDocument');
    expect(doc.ns).toBe('C');
    const [data, err] = childrenNamed(doc, 'command', '');
    expect(child(doc, 'sessionId', '')?.text).toBe('s1');
    expect(child(doc, 'sessionId', 'C')).toBeUndefined();
    expect(xsiType(data!)).toEqual({ local: 'LoginResponse14sp4', ns: '' });
    expect(xsiType(err!)).toEqual({ local: 'ErrorResponse', ns: 'C' });
    expect(attr(err!, 'type')).toBe('Error');
    // mercury-style prefix for XSI
    const m = parseXml(
      '<B xmlns="C" xmlns:C="http://www.w3.org/2001/XMLSchema-instance"><command xmlns="" C:type="X"/></B>',
    );
    expect(xsiType(child(m, 'command')!)).toEqual({ local: 'X', ns: '' });
    // prefixed elements (VZL ns1/ns2 style) matched by local name
    const v = parseXml(
      '<ns1:packet xmlns:ns1="urn:a" xmlns:ns2="urn:b"><ns2:data><ns2:x>1</ns2:x></ns2:data></ns1:packet>',
    );
    expect(findFirst(v, 'x')?.text).toBe('1');
    expect(findFirst(v, 'x', 'urn:b')?.ns).toBe('urn:b');
    expect(findFirst(v, 'x', 'urn:a')).toBeUndefined();
  });

  it('keeps text as typed (no number parsing, whitespace kept)', () => {
    expect(parseXml('<n> 007 </n>').text).toBe(' 007 ');
    expect(childText(parseXml('<r><nonce>1493647455426</nonce></r>'), 'nonce')).toBe('1493647455426');
  });
});
