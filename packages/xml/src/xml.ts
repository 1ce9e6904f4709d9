/**
 * The XML codec the XML connectors (BroadWorks OCI-P, Virtuozzo VZL) and the simulators share.
 *
 * Parsing is defensive: DOCTYPE is refused outright (no DTD, hence no entity expansion and no
 * external entities — XXE / billion-laughs), fast-xml-parser's own entity processing is OFF and
 * only the five predefined entities and numeric references are decoded here, with size and depth
 * caps. The result is a small namespace-aware tree so callers match by namespace URI + local
 * name, never by the prefix a server happened to use (docs/protocols/broadworks-oci.md §7.1, docs/protocols/vzl-agent.md).
 *
 * Building is safe by construction: `el()` escapes every string child and attribute value and
 * refuses characters XML 1.0 cannot carry (docs/protocols/broadworks-oci.md §7.2), so user input is always text.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

// ---------------------------------------------------------------- characters

/**
 * Characters XML 1.0 cannot carry at all, not even as references (XML 1.0 §2.2 Char): NUL, the
 * C0 controls except TAB/LF/CR, U+FFFE/U+FFFF and lone surrogates (with /u a valid pair is one
 * code point, so only unpaired halves match the surrogate range).
 */
// eslint-disable-next-line no-control-regex -- matching these control characters is the point
const ILLEGAL_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;

/** True when `s` holds a character that XML 1.0 cannot represent (NUL, most C0 controls, lone surrogates). */
export function hasIllegalXmlChars(s: string): boolean {
  return ILLEGAL_XML_CHARS.test(s);
}

/** Escapes text content; throws XmlError (without echoing the value) on illegal characters. */
export function escapeText(s: string): string {
  if (hasIllegalXmlChars(s)) throw new XmlError('value contains characters that XML cannot carry');
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted). */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

// ---------------------------------------------------------------- building

/** A piece of already-serialised, trusted markup. Only `el()` and `raw()` make one. */
export class XmlFragment {
  readonly #xml: string;
  constructor(xml: string) {
    this.#xml = xml;
  }
  toString(): string {
    return this.#xml;
  }
}

export type XmlChild = XmlFragment | string | null | undefined | false;

/**
 * `el('userId', {}, value)` → `<userId>value-escaped</userId>`. Attributes keep insertion order
 * (the OCI-P simulator reproduces captured attribute order). No children → `<name .../>`.
 */
export function el(name: string, attrs: Record<string, string> = {}, ...children: XmlChild[]): XmlFragment {
  let open = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) open += ` ${k}="${escapeAttr(v)}"`;
  const parts = children.filter((c): c is XmlFragment | string => c !== null && c !== undefined && c !== false);
  if (parts.length === 0) return new XmlFragment(`${open}/>`);
  const inner = parts.map((c) => (typeof c === 'string' ? escapeText(c) : c.toString())).join('');
  return new XmlFragment(`${open}>${inner}</${name}>`);
}

/** Trusted constant markup (never user input). */
export function raw(xml: string): XmlFragment {
  return new XmlFragment(xml);
}

export type XmlEncoding = 'UTF-8' | 'ISO-8859-1';

/**
 * Serialises a document with its declaration into bytes that truly are in the declared
 * encoding: for ISO-8859-1 every character above U+00FF becomes a numeric reference
 * (docs/protocols/broadworks-oci.md §7.3). Markup is ASCII, so rewriting the whole string is safe.
 */
export function encodeDocument(root: XmlFragment, encoding: XmlEncoding = 'UTF-8', newlineAfterDecl = false): Buffer {
  const text = `<?xml version="1.0" encoding="${encoding}"?>${newlineAfterDecl ? '\n' : ''}${root.toString()}`;
  if (encoding === 'UTF-8') return Buffer.from(text, 'utf8');
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += cp > 0xff ? `&#x${cp.toString(16).toUpperCase()};` : ch;
  }
  return Buffer.from(out, 'latin1');
}

// ---------------------------------------------------------------- decoding bytes

const DECL = /^<\?xml\s[^?]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

/** The encoding a document's own XML declaration names (default UTF-8 per XML 1.0 §4.3.3). */
export function declaredEncoding(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  const m = DECL.exec(head.replace(/^\uFEFF|^\u00EF\u00BB\u00BF/, ''));
  return (m?.[1] ?? 'UTF-8').toUpperCase();
}

/** Decodes one document's bytes per ITS OWN declaration (latin1 vs UTF-8). */
export function decodeDocument(bytes: Uint8Array): string {
  const enc = declaredEncoding(bytes);
  if (enc === 'ISO-8859-1' || enc === 'LATIN1' || enc === 'ISO_8859-1' || enc === 'US-ASCII' || enc === 'ASCII') {
    return Buffer.from(bytes).toString('latin1');
  }
  if (enc === 'UTF-8' || enc === 'UTF8') {
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      throw new XmlError('document is not valid UTF-8');
    }
  }
  throw new XmlError(`unsupported document encoding ${enc.slice(0, 40)}`);
}

// ---------------------------------------------------------------- parsing

export interface XmlAttr {
  name: string;
  local: string;
  prefix: string;
  ns: string;
  value: string;
}

export interface XmlElement {
  name: string;
  local: string;
  prefix: string;
  /** Resolved namespace URI ('' = no namespace). */
  ns: string;
  attrs: XmlAttr[];
  children: XmlElement[];
  /** Direct text content, entities decoded (whitespace kept). */
  text: string;
  /** In-scope prefix → URI ('' = default namespace); resolves QName-valued attributes like xsi:type. */
  scope: ReadonlyMap<string, string>;
}

export interface XmlParseLimits {
  /** Max characters of the document (default 1 MiB). */
  maxLength?: number;
  /** Max element nesting (default 32). */
  maxDepth?: number;
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and numeric references; anything else is an error (no DTD). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s]{0,12});?/g, (m, body: string) => {
    if (!m.endsWith(';')) throw new XmlError('bare & in text');
    let cp: number;
    if (body.startsWith('#x') || body.startsWith('#X')) cp = Number.parseInt(body.slice(2), 16);
    else if (body.startsWith('#')) cp = Number.parseInt(body.slice(1), 10);
    else {
      const v = PREDEFINED[body];
      if (v === undefined) throw new XmlError('undeclared entity reference');
      return v;
    }
    if (!Number.isInteger(cp) || cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      throw new XmlError('bad character reference');
    }
    const ch = String.fromCodePoint(cp);
    if (hasIllegalXmlChars(ch)) throw new XmlError('character reference to an illegal character');
    return ch;
  });
}

function splitQName(q: string): [prefix: string, local: string] {
  const i = q.indexOf(':');
  return i < 0 ? ['', q] : [q.slice(0, i), q.slice(i + 1)];
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

function buildTree(name: string, node: OrderedNode, parentScope: ReadonlyMap<string, string>): XmlElement {
  const rawAttrs = node[':@'] ?? {};
  let scope = parentScope;
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(k === 'xmlns' ? '' : k.slice(6), decodeEntities(v));
    }
  }
  const [prefix, local] = splitQName(name);
  const ns = scope.get(prefix);
  if (ns === undefined && prefix !== '') throw new XmlError(`undeclared prefix ${prefix.slice(0, 20)}`);
  const attrs: XmlAttr[] = Object.entries(rawAttrs).map(([k, v]) => {
    const [ap, al] = splitQName(k);
    const ans = ap === '' || ap === 'xmlns' ? '' : (scope.get(ap) ?? '');
    return { name: k, local: al, prefix: ap, ns: ans, value: decodeEntities(v) };
  });
  const children: XmlElement[] = [];
  let text = '';
  const kids = node[name];
  if (Array.isArray(kids)) {
    for (const kid of kids as OrderedNode[]) {
      const key = Object.keys(kid).find((k) => k !== ':@');
      if (key === undefined) continue;
      if (key === '#text') text += decodeEntities(String(kid[key]));
      else if (key === '#cdata') text += (kid[key] as { '#text': string }[]).map((t) => t['#text']).join('');
      else if (!key.startsWith('?')) children.push(buildTree(key, kid, scope));
    }
  }
  return { name, local, prefix, ns: ns ?? '', attrs, children, text, scope };
}

/**
 * Parses one document into a namespace-resolved tree. Throws XmlError on DOCTYPE, oversize,
 * excessive depth, malformed markup, undeclared entities or prefixes.
 */
export function parseXml(xml: string, limits: XmlParseLimits = {}): XmlElement {
  const maxLength = limits.maxLength ?? 1024 * 1024;
  const maxDepth = limits.maxDepth ?? 32;
  if (xml.length > maxLength) throw new XmlError('document too large');
  const body = xml.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE/i.test(body) || /<!ENTITY/i.test(body)) throw new XmlError('DOCTYPE is not allowed');
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- its successor, fast-xml-validator, is another engine: a change of its own
  const valid = XMLValidator.validate(body, { allowBooleanAttributes: false });
  if (valid !== true) throw new XmlError(`malformed XML (line ${valid.err.line})`);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    ignorePiTags: true,
    cdataPropName: '#cdata',
    maxNestedTags: maxDepth,
  });
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(body) as OrderedNode[];
  } catch (e) {
    throw new XmlError(`malformed XML: ${(e as Error).message.slice(0, 80)}`);
  }
  const roots = nodes.filter((n) => {
    const k = Object.keys(n).find((key) => key !== ':@');
    return k !== undefined && !k.startsWith('?') && k !== '#text';
  });
  if (roots.length !== 1) throw new XmlError('expected exactly one root element');
  const root = roots[0]!;
  const name = Object.keys(root).find((k) => k !== ':@')!;
  return buildTree(name, root, new Map([['xml', XML_NS]]));
}

// ---------------------------------------------------------------- reading the tree

/** First direct child with this local name (and namespace, when given). */
export function child(e: XmlElement, local: string, ns?: string): XmlElement | undefined {
  return e.children.find((c) => c.local === local && (ns === undefined || c.ns === ns));
}

/** All direct children with this local name. */
export function childrenNamed(e: XmlElement, local: string, ns?: string): XmlElement[] {
  return e.children.filter((c) => c.local === local && (ns === undefined || c.ns === ns));
}

/** Text of the first direct child with this local name, or undefined. */
export function childText(e: XmlElement, local: string, ns?: string): string | undefined {
  return child(e, local, ns)?.text;
}

/** Depth-first search for the first element with this local name (and namespace). */
export function findFirst(e: XmlElement, local: string, ns?: string): XmlElement | undefined {
  if (e.local === local && (ns === undefined || e.ns === ns)) return e;
  for (const c of e.children) {
    const hit = findFirst(c, local, ns);
    if (hit) return hit;
  }
  return undefined;
}

/** Attribute value by local name and namespace ('' = unqualified attribute). */
export function attr(e: XmlElement, local: string, ns = ''): string | undefined {
  return e.attrs.find((a) => a.local === local && a.ns === ns)?.value;
}

/**
 * The element's `xsi:type`, looked up by the XSI namespace URI whatever its prefix
 * (mercury uses `C:type`), with the QName value resolved against in-scope declarations:
 * `c:ErrorResponse` → {local: 'ErrorResponse', ns: 'C'} (docs/protocols/broadworks-oci.md §7.1).
 */
export function xsiType(e: XmlElement): { local: string; ns: string } | undefined {
  const v = attr(e, 'type', XSI_NS);
  if (v === undefined) return undefined;
  const [p, local] = splitQName(v.trim());
  return { local, ns: e.scope.get(p) ?? '' };
}
