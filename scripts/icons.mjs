// Draws convlab's app icons as PNG files — the favicon's design (static/favicon.svg: a 3×3
// kernel of white cells, lighter away from its diagonal, on the accent blue) at the sizes the
// web app manifest names — so the page can be installed. Deterministic, no dependencies: the
// cells are drawn with 4×4 supersampling and written as an RGBA PNG (zlib from Node).
// Run by scripts/build. Usage: node scripts/icons.mjs DIR   (writes DIR/icon-192.png, -512.png)
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

/** The icon's sizes in pixels, as the manifest lists them. */
export const ICON_SIZES = [192, 512];

// The favicon's drawing, in its 32×32 units.
const BACKGROUND = [0x0b, 0x5c, 0xad];
const CORNER = 6;
const CELLS = [
  [5, 5, 1], [13, 5, 0.7], [21, 5, 0.45],
  [5, 13, 0.7], [13, 13, 1], [21, 13, 0.7],
  [5, 21, 0.45], [13, 21, 0.7], [21, 21, 1],
];
const CELL = 6;

/** The colour and coverage at a point of the 32×32 drawing: [r, g, b, a] with a in 0..1. */
function sample(x, y) {
  // The rounded square: outside a corner's circle is transparent.
  const cx = Math.min(Math.max(x, CORNER), 32 - CORNER);
  const cy = Math.min(Math.max(y, CORNER), 32 - CORNER);
  if ((x - cx) ** 2 + (y - cy) ** 2 > CORNER ** 2) return [0, 0, 0, 0];
  const cell = CELLS.find(([left, top]) => x >= left && x < left + CELL && y >= top && y < top + CELL);
  if (!cell) return [...BACKGROUND, 1];
  const white = cell[2];
  return [...BACKGROUND.map((c) => c + (255 - c) * white), 1];
}

/** The icon at `size`×`size` pixels as RGBA bytes (premultiplied averaging of 16 samples). */
export function drawIcon(size) {
  const pixels = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [cr, cg, cb, ca] = sample(((px + (sx + 0.5) / n) * 32) / size, ((py + (sy + 0.5) / n) * 32) / size);
          r += cr * ca; g += cg * ca; b += cb * ca; a += ca;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        pixels[i] = Math.round(r / a);
        pixels[i + 1] = Math.round(g / a);
        pixels[i + 2] = Math.round(b / a);
      }
      pixels[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** RGBA `pixels` of `size`×`size` as a PNG file. */
export function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, pixels.byteOffset + y * size * 4, size * 4).copy(rows, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const dir = process.argv[2];
  if (!dir || process.argv.length > 3) {
    console.error('usage: node scripts/icons.mjs DIR');
    process.exit(2);
  }
  await mkdir(dir, { recursive: true });
  for (const size of ICON_SIZES) {
    await writeFile(join(dir, `icon-${size}.png`), encodePng(size, drawIcon(size)));
  }
}
