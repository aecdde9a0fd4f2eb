// A small static file server for scripts/serve, the end-to-end tests and the benchmarks.
// Usage: node scripts/static-server.mjs DIR PORT   (listens on 127.0.0.1 only)
//  - GET and HEAD only (anything else: 405); a directory serves its index.html; the query string
//    is ignored (requests may carry up to 80 KB of headers, so long shared links work).
//  - Refuses unsafe paths: malformed %-escapes, NUL bytes, backslashes or `..` segments after
//    decoding are 400; a path that resolves outside DIR (a symlink, say) is 403.
//  - Sends FILE.br or FILE.gz (from scripts/compress.mjs) instead of FILE when the request's
//    Accept-Encoding allows it and the copy is not older than FILE, with the original's type.
//  - Every response says no-cache (not every built file name is hashed), nosniff, no-referrer
//    and Access-Control-Allow-Origin: * (so sandboxed or embedding pages can load the wasm).
import { createServer } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const root = resolve(process.argv[2] ?? 'dist');
const port = Number(process.argv[3] ?? 8091);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webm': 'video/webm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};
const common = {
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Access-Control-Allow-Origin': '*',
  Vary: 'Accept-Encoding',
};

// The request path decoded, or null when it is malformed or unsafe.
function safePath(url) {
  const raw = url.split(/[?#]/, 1)[0];
  if (!raw.startsWith('/') || raw.includes('\\')) return null;
  let path;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\') || path.split('/').includes('..')) return null;
  return path;
}

// The q-value the Accept-Encoding header gives `coding` (or `*`), 0 when it names neither.
function quality(header, coding) {
  let star = 0;
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    if (name.trim() === coding) return Number.isNaN(value) ? 0 : value;
    if (name.trim() === '*') star = Number.isNaN(value) ? 0 : value;
  }
  return star;
}

// A file's stats, or null when it is missing or not a regular file.
async function fileStat(file) {
  try {
    const s = await stat(file);
    return s.isFile() ? s : null;
  } catch {
    return null;
  }
}

function send(req, res, status, headers, body = '') {
  const data = Buffer.isBuffer(body) ? body : Buffer.from(body);
  res.writeHead(status, { ...common, 'Content-Length': data.length, ...headers });
  res.end(req.method === 'HEAD' ? undefined : data);
}

const realRoot = await realpath(root).catch(() => {
  console.error(`static-server: no folder ${root}`);
  process.exit(1);
});

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(req, res, 405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }, 'method not allowed');
  }
  const path = safePath(req.url);
  if (path === null) return send(req, res, 400, { 'Content-Type': 'text/plain' }, 'bad request');
  let file = join(root, path);
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const real = await realpath(file);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) {
      return send(req, res, 403, { 'Content-Type': 'text/plain' }, 'forbidden');
    }
  } catch {
    // Missing: answered below.
  }
  const original = await fileStat(file);
  if (!original) return send(req, res, 404, { 'Content-Type': 'text/plain' }, 'not found');

  const headers = { 'Content-Type': types[extname(file).toLowerCase()] ?? 'application/octet-stream' };
  let chosen = file;
  let size = original.size;
  for (const [coding, suffix] of [['br', '.br'], ['gzip', '.gz']]) {
    if (!(quality(req.headers['accept-encoding'], coding) > 0)) continue;
    const copy = await fileStat(file + suffix);
    if (copy && copy.mtimeMs >= original.mtimeMs) {
      [chosen, size, headers['Content-Encoding']] = [file + suffix, copy.size, coding];
      break;
    }
  }
  if (req.method === 'HEAD') return send(req, res, 200, { ...headers, 'Content-Length': size });
  send(req, res, 200, headers, await readFile(chosen));
}

createServer({ maxHeaderSize: 80 * 1024 }, (req, res) => {
  handle(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) send(req, res, 500, { 'Content-Type': 'text/plain' }, 'server error');
    else res.destroy();
  });
}).listen(port, '127.0.0.1', () => console.log(`serving ${root} at http://127.0.0.1:${port}`));
