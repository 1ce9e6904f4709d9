/**
 * Reads client packets the way the agent must (docs/protocols/vzl-agent.md §2.1, §8): split the stream on NUL,
 * ignore empty frames and surrounding whitespace, accept an optional XML declaration, and match
 * elements by local name whatever prefixes the client used.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface VzlRequest {
  id: string | undefined;
  version: string;
  /** `<target>`; absent means the system operator (§1). */
  target: string | undefined;
  /** Element under `<data>` (e.g. `system`, `authm`). */
  operator: string;
  /** Element under the operator (e.g. `login`, `authenticate`). */
  call: string;
  /** Text of the call's child elements (`name`, `realm`, `password`, ...). */
  params: Record<string, string>;
}

/** Splits a growing byte stream on NUL (0x00). Frames are returned as raw bytes. */
export class NulSplitter {
  #buf: Buffer = Buffer.alloc(0);
  constructor(private readonly maxFrame = 256 * 1024) {}
  push(chunk: Buffer): Buffer[] {
    this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    const out: Buffer[] = [];
    let at: number;
    while ((at = this.#buf.indexOf(0)) >= 0) {
      out.push(this.#buf.subarray(0, at));
      this.#buf = this.#buf.subarray(at + 1);
    }
    if (this.#buf.length > this.maxFrame) throw new Error('frame too large');
    return out;
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  ignoreDeclaration: true,
  trimValues: true,
});

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const elementKeys = (o: Obj): string[] => Object.keys(o).filter((k) => !k.startsWith('@') && k !== '#text');

/** Parses one frame; throws on anything that is not a well-formed request packet. */
export function parseRequest(frame: string): VzlRequest {
  const text = frame.trim();
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new Error('DOCTYPE not allowed');
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- its successor, fast-xml-validator, is another engine: a change of its own
  if (XMLValidator.validate(text) !== true) throw new Error('malformed XML');
  const doc = parser.parse(text) as Obj;
  const packet = doc['packet'];
  if (!isObj(packet)) throw new Error('root is not packet');
  const data = packet['data'];
  if (!isObj(data)) throw new Error('no data');
  const [operator, ...moreOps] = elementKeys(data);
  if (!operator || moreOps.length) throw new Error('data must hold exactly one operator');
  const op = data[operator];
  const calls = isObj(op) ? elementKeys(op) : [];
  if (calls.length !== 1) throw new Error('operator must hold exactly one call');
  const call = calls[0]!;
  const body = (op as Obj)[call];
  const params: Record<string, string> = {};
  if (isObj(body)) {
    for (const k of elementKeys(body)) {
      const v = body[k];
      if (typeof v === 'string') params[k] = v;
      else if (isObj(v) && elementKeys(v).length === 0) params[k] = typeof v['#text'] === 'string' ? v['#text'] : '';
      else throw new Error(`unexpected structure in ${k}`);
    }
  }
  const target = packet['target'];
  return {
    id: typeof packet['@id'] === 'string' ? packet['@id'] : undefined,
    version: typeof packet['@version'] === 'string' ? packet['@version'] : '4.0.0',
    target: typeof target === 'string' ? target : undefined,
    operator,
    call,
    params,
  };
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 (no line breaks, pitfall 7) → UTF-8 text, or undefined when it is not base64. */
export function decodeB64(v: string | undefined): string | undefined {
  if (v === undefined || !B64.test(v)) return undefined;
  return Buffer.from(v, 'base64').toString('utf8');
}
