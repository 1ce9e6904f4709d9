// Draws a small captcha PNG (the BFF relays only png/jpeg/gif/webp at GET /captcha) from a 5×7
// bitmap font, with no image library: raw RGB scanlines, deflated, in the three PNG chunks.
import { deflateSync } from 'node:zlib';

const GLYPHS = {
  W: ['10001', '10001', '10001', '10101', '10101', '11011', '10001'],
  4: ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  K: ['10001', '10010', '10100', '11000', '10100', '10010', '10001'],
  9: ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
};

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};

export function captchaPng(text) {
  const scale = 5;
  const width = 16 + text.length * 7 * scale;
  const height = 7 * scale + 20;
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3, 0xf3); // filter byte 0 is overwritten below
    row[0] = 0;
    for (let x = 0; x < width; x++) {
      const gx = x - 8 - Math.round(Math.sin(y / 6) * 2); // a slight wave
      const i = Math.floor(gx / (7 * scale));
      const glyph = GLYPHS[text[i]];
      const col = Math.floor((gx % (7 * scale)) / scale);
      const line = Math.floor((y - 10) / scale);
      const ink = glyph && gx >= 0 && col < 5 && line >= 0 && line < 7 && glyph[line][col] === '1';
      const noise = Math.abs(y - (height / 2 + Math.sin(x / 9) * 10)) < 1;
      row.fill(ink ? 0x1f : noise ? 0x9c : 0xf3, 1 + x * 3, 4 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.concat(rows))),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}
