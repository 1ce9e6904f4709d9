/**
 * NUL framing of the agent's stream (vzl-agent.md §2.1, pitfall 1): buffer bytes, split on 0x00,
 * ignore empty frames and surrounding whitespace; never rely on newlines or on one read.
 * Frames stay bytes until complete, so a multi-byte character split across reads is safe.
 */
export class FrameTooLargeError extends Error {}

export class NulFramer {
  #parts: Buffer[] = [];
  #size = 0;

  constructor(private readonly maxFrameBytes = 256 * 1024) {}

  /** Bytes of an unfinished frame held right now (a drop with this > 0 is a drop mid-reply). */
  get pending(): number {
    return this.#size;
  }

  /** Feeds one chunk; returns the complete, non-blank frames it finished. */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    let start = 0;
    for (let at = chunk.indexOf(0); at >= 0; at = chunk.indexOf(0, start)) {
      this.#parts.push(chunk.subarray(start, at));
      const frame = Buffer.concat(this.#parts);
      this.#parts = [];
      this.#size = 0;
      if (!isBlank(frame)) frames.push(frame);
      start = at + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (this.#size === 0 && isBlank(rest)) return frames; // whitespace between packets
      this.#parts.push(rest);
      this.#size += rest.length;
      if (this.#size > this.maxFrameBytes) throw new FrameTooLargeError('frame exceeds the size cap');
    }
    return frames;
  }
}

function isBlank(b: Buffer): boolean {
  for (const byte of b) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  return true;
}
