/**
 * A real (if crude) PNG of the captcha digits, so the widget has something to show and the
 * connector test can check the PNG signature. Grayscale, 3x5 bitmap digits scaled up, with noise.
 * The image format Authing really serves is unconfirmed (docs/protocols/authing.md §7 only names the path).
 */
import { randomInt } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

// 3x5 glyphs, one row per string, '#' = ink.
const GLYPHS: Record<string, string[]> = {
  '0': ['###', '#.#', '#.#', '#.#', '###'],
  '1': ['.#.', '##.', '.#.', '.#.', '###'],
  '2': ['###', '..#', '###', '#..', '###'],
  '3': ['###', '..#', '.##', '..#', '###'],
  '4': ['#.#', '#.#', '###', '..#', '..#'],
  '5': ['###', '#..', '###', '..#', '###'],
  '6': ['###', '#..', '###', '#.#', '###'],
  '7': ['###', '..#', '.#.', '.#.', '.#.'],
  '8': ['###', '#.#', '###', '#.#', '###'],
  '9': ['###', '#.#', '###', '..#', '###'],
};
const SCALE = 6;
const PAD = 6;

export function randomCaptchaText(length = 4): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String(randomInt(10));
  return s;
}

export function renderCaptchaPng(text: string): Buffer {
  const width = PAD + text.length * (3 * SCALE + PAD);
  const height = 5 * SCALE + 2 * PAD;
  const px = Buffer.alloc(width * height, 0xf0);
  [...text].forEach((ch, n) => {
    const glyph = GLYPHS[ch] ?? GLYPHS['0']!;
    const x0 = PAD + n * (3 * SCALE + PAD);
    const y0 = PAD + randomInt(-2, 3);
    glyph.forEach((row, gy) => {
      [...row].forEach((cell, gx) => {
        if (cell !== '#') return;
        for (let dy = 0; dy < SCALE; dy++) {
          for (let dx = 0; dx < SCALE; dx++) px[(y0 + gy * SCALE + dy) * width + x0 + gx * SCALE + dx] = 0x20;
        }
      });
    });
  });
  for (let k = 0; k < (width * height) / 12; k++) px[randomInt(width * height)] = randomInt(0x60, 0xd0);

  // Each scanline starts with filter byte 0 (none).
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) px.copy(raw, y * (width + 1) + 1, y * width, (y + 1) * width);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // bit depth 8, grayscale, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}
