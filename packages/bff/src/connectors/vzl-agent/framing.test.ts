import { describe, expect, it } from 'vitest';
import { DelimiterFramer } from '../shared/tcp.js';

const packetA = '<?xml version="1.0" encoding="UTF-8"?><packet id="1">\n<origin>authm</origin>\n</packet>\n';
const packetB = '<packet id="2">\n<message>Zoë ✓</message>\n</packet>\n';
const nulFramer = (cap = 256 * 1024) => new DelimiterFramer('\0', cap, { keepDelimiter: false });

describe('NUL framing (docs/protocols/vzl-agent.md §2.1: split on NUL, never on newlines or reads)', () => {
  it('reassembles packets fed one byte at a time, including split multi-byte characters', () => {
    const f = nulFramer();
    const bytes = Buffer.from(`${packetA}\0${packetB}\0`, 'utf8');
    const frames: Buffer[] = [];
    for (const byte of bytes) frames.push(...f.push(Buffer.from([byte])));
    expect(frames.map((x) => x.toString('utf8'))).toEqual([packetA, packetB]);
    expect(f.pending).toBe(0);
  });

  it('returns several packets coalesced in one chunk, ignoring empty frames and whitespace between them', () => {
    const f = nulFramer();
    const frames = f.push(Buffer.from(`\0\0${packetA}\0\n\0  \r\n\0${packetB}\0\n`, 'utf8'));
    expect(frames.map((x) => x.toString('utf8'))).toEqual([packetA, packetB]);
    expect(f.pending).toBe(0);
  });

  it('holds an unfinished packet until its NUL arrives', () => {
    const f = nulFramer();
    expect(f.push(Buffer.from(packetA.slice(0, 20)))).toEqual([]);
    expect(f.pending).toBe(20);
    expect(f.push(Buffer.from(`${packetA.slice(20)}\0${packetB.slice(0, 5)}`)).map(String)).toEqual([packetA]);
    expect(f.pending).toBe(5);
  });

  it('refuses a frame that grows past the cap without a NUL (no unbounded buffering)', () => {
    const f = nulFramer(1024);
    f.push(Buffer.alloc(1000, 0x41));
    expect(() => f.push(Buffer.alloc(100, 0x41))).toThrow(RangeError);
  });
});
