/**
 * Renders agent replies the way docs/protocols/vzl-agent.md shows them: pretty-printed, one element per line,
 * declaration and root start tag on the same line, `</packet>` on its own line, then `\n\0`
 * (§2.1 "Simulator rule", §8).
 *
 * Three prefix styles, all seen in real output (§3.3):
 * - `plain`:    every element unprefixed (system/get_realm output);
 * - `mixed`:    root `<packet>` unprefixed, its descendants `ns1:`/`ns2:`/`ns3:` (authm/authenticate output);
 * - `prefixed`: root too (`<ns1:packet>`, system/login output).
 * The prefix numbers are generated per reply and may be rotated, so `ns1` means the protocol
 * namespace in one reply and authm in the next — a client must match local names only.
 */
export type NsKey = 'protocol' | 'types' | 'authm' | 'system' | 'sessionm';
export type PrefixStyle = 'plain' | 'mixed' | 'prefixed';

export const NS_URI: Record<NsKey, string> = {
  protocol: 'http://www.swsoft.com/webservices/vzl/4.0.0/protocol',
  types: 'http://www.swsoft.com/webservices/vzl/4.0.0/types',
  authm: 'http://www.swsoft.com/webservices/vzl/4.0.0/authm',
  system: 'http://www.swsoft.com/webservices/vzl/4.0.0/system',
  sessionm: 'http://www.swsoft.com/webservices/vzl/4.0.0/sessionm',
};
const XSI_URI = 'http://www.w3.org/2001/XMLSchema-instance';

export interface XNode {
  name: string;
  ns: NsKey;
  text?: string;
  children?: XNode[];
  /** `xsi:type="nsN:<local>"`, the QName resolved against this reply's prefixes. */
  xsiType?: [NsKey, string];
}

export function n(name: string, ns: NsKey, body?: string | XNode[], xsiType?: [NsKey, string]): XNode {
  const node: XNode = { name, ns };
  if (typeof body === 'string') node.text = body;
  else if (body) node.children = body;
  if (xsiType) node.xsiType = xsiType;
  return node;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface RenderOptions {
  style: PrefixStyle;
  /** Root attributes after the xmlns declarations, in order (id, time, priority, version). */
  attrs: [string, string][];
  /** Rotates which nsN each namespace gets (0 = order of first use, like the guide samples). */
  rotate?: number;
  /** Omit the XML declaration (some guide outputs have none, §2.1). */
  noDeclaration?: boolean;
}

function collectNs(node: XNode, out: NsKey[], usesXsi: { v: boolean }): void {
  if (!out.includes(node.ns)) out.push(node.ns);
  if (node.xsiType) {
    usesXsi.v = true;
    if (!out.includes(node.xsiType[0])) out.push(node.xsiType[0]);
  }
  for (const c of node.children ?? []) collectNs(c, out, usesXsi);
}

/** The packet bytes including the trailing `\n\0` frame terminator. */
export function renderPacket(root: XNode, opts: RenderOptions): Buffer {
  const used: NsKey[] = [];
  const usesXsi = { v: false };
  collectNs(root, used, usesXsi);
  const count = used.length;
  const rot = (opts.rotate ?? 0) % Math.max(count, 1);
  const prefix = new Map<NsKey, string>(used.map((ns, i) => [ns, `ns${((i + rot) % count) + 1}`]));
  // Declaration order as in the authenticate sample: the highest nsN first, then ascending.
  const decls = [...prefix.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const last = decls.pop();
  if (last) decls.unshift(last);
  let rootAttrs = decls.map(([ns, p]) => ` xmlns:${p}="${NS_URI[ns]}"`).join('');
  if (usesXsi.v) rootAttrs += ` xmlns:xsi="${XSI_URI}"`;
  rootAttrs += opts.attrs.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');

  const qname = (node: XNode, isRoot: boolean): string => {
    const prefixed = opts.style === 'prefixed' || (opts.style === 'mixed' && !isRoot);
    return prefixed ? `${prefix.get(node.ns)}:${node.name}` : node.name;
  };
  const lines: string[] = [];
  const walk = (node: XNode, isRoot: boolean): void => {
    const q = qname(node, isRoot);
    const type = node.xsiType ? ` xsi:type="${prefix.get(node.xsiType[0])}:${node.xsiType[1]}"` : '';
    const head = `<${q}${isRoot ? rootAttrs : ''}${type}`;
    if (node.children && node.children.length > 0) {
      lines.push(`${head}>`);
      for (const c of node.children) walk(c, false);
      lines.push(`</${q}>`);
    } else if (node.text !== undefined && node.text !== '') {
      lines.push(`${head}>${escapeXml(node.text)}</${q}>`);
    } else {
      lines.push(`${head}/>`);
    }
  };
  walk(root, true);
  const decl = opts.noDeclaration ? '' : '<?xml version="1.0" encoding="UTF-8"?>';
  return Buffer.from(`${decl}${lines.join('\n')}\n\0`, 'utf8');
}
