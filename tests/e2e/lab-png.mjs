// Pictures for the lab's tests, written here so no file is checked in: a minimal PNG encoder
// (8-bit RGB, no filter, zlib from Node) and the corrupt or oversized files the lab must refuse.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
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
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG of `width × height` whose pixel `(x, y)` is `rgb(x, y)` (`[r, g, b]`, bytes). */
export function png(width, height, rgb) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) raw.set(rgb(x, y), row + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Black on the left, white from column `edge` on. */
export function edgePng(width, height, edge) {
  return png(width, height, (x) => (x >= edge ? [255, 255, 255] : [0, 0, 0]));
}

/** A PNG whose header says `width × height` but whose data is a 1×1 picture's: a
 * decompression bomb's header, refused before the browser decodes anything. */
export function bombHeaderPng(width, height) {
  const small = png(1, 1, () => [0, 0, 0]);
  small.writeUInt32BE(width, 16);
  small.writeUInt32BE(height, 20);
  return small;
}
