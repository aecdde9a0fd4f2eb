// Precompresses a built site for scripts/static-server.mjs: for every text or wasm file under
// DIR, writes FILE.br (brotli, quality 11) and FILE.gz (gzip, level 9) beside it. The output is
// deterministic (gzip's header carries mtime 0 and no file name). A compressed copy that is not
// smaller than the original is not written, and a stale one from an earlier run is removed, so
// the server never sends an outdated copy. Prints raw/gz/br bytes per file and a total.
// Usage: node scripts/compress.mjs DIR
import { readFile, rm, writeFile } from 'node:fs/promises';
import { extname, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { filesUnder } from './files-under.mjs';

const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.webmanifest', '.txt']);
const BINARY = new Set(['.wasm']);

const dir = process.argv[2];
if (!dir || process.argv.length > 3) {
  console.error('usage: node scripts/compress.mjs DIR');
  process.exit(2);
}

function brotli(data, text) {
  return brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_MODE]: text ? constants.BROTLI_MODE_TEXT : constants.BROTLI_MODE_GENERIC,
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
}

function gzip(data) {
  const out = gzipSync(data, { level: 9 });
  // Bytes 4–7 of a gzip header are the mtime; zlib writes 0, which keeps the output stable.
  if (out.readUInt32LE(4) !== 0) throw new Error('gzip header carries an mtime');
  return out;
}

// Writes `copy` to `path` when it is smaller than the original, else removes any stale copy.
async function keepIfSmaller(path, copy, rawSize) {
  if (copy.length < rawSize) {
    await writeFile(path, copy);
    return copy.length;
  }
  await rm(path, { force: true });
  return null;
}

// Bytes with thousands separators; '—' where no copy was written (the original is served).
const kb = (n) => (n === null ? '—' : n.toLocaleString('en-US'));
const totals = { raw: 0, gz: 0, br: 0, files: 0 };
const rows = [];
for await (const file of filesUnder(dir)) {
  const ext = extname(file).toLowerCase();
  if (!TEXT.has(ext) && !BINARY.has(ext)) continue; // .br/.gz copies fall out here too
  const data = await readFile(file);
  const gz = await keepIfSmaller(`${file}.gz`, gzip(data), data.length);
  const br = await keepIfSmaller(`${file}.br`, brotli(data, TEXT.has(ext)), data.length);
  totals.files += 1;
  totals.raw += data.length;
  // What a client would get: the copy if one was written, else the file itself.
  totals.gz += gz ?? data.length;
  totals.br += br ?? data.length;
  rows.push([relative(dir, file), data.length, gz, br]);
}

const total = `total (${totals.files} files)`;
const width = Math.max(total.length, ...rows.map((r) => r[0].length));
const line = (name, raw, gz, br) =>
  `${name.padEnd(width)}  ${kb(raw).padStart(11)}  ${kb(gz).padStart(11)}  ${kb(br).padStart(11)}`;
console.log(line('file', 'raw bytes', 'gz bytes', 'br bytes'));
for (const r of rows) console.log(line(...r));
console.log(line(total, totals.raw, totals.gz, totals.br));
