// A small static file server for scripts/serve, the end-to-end tests and the benchmarks.
// Usage: node scripts/static-server.mjs DIR PORT   (listens on 127.0.0.1 only; PORT 0 picks a
// free port, and the line it prints names the one it listens on)
//  - GET and HEAD only (anything else: 405 with `Allow: GET, HEAD`); a directory serves its
//    index.html; the query string is ignored (requests may carry up to 80 KB of headers, so a
//    shared link with a 64 KB query works: Node's default of 16 KB answered 431).
//  - Refuses unsafe paths: malformed %-escapes, NUL bytes, backslashes, encoded slashes
//    (`%2f`, `%5c`) or `..` segments after decoding are 400; what a double encoding decodes to
//    (`%252e%252e`) is a name like any other, 404 when no file has it; a path that resolves
//    outside DIR (a symlink, say) is 403. None of them is ever answered with a file or a page.
//  - Sends FILE.br or FILE.gz (from scripts/compress.mjs) instead of FILE, with
//    `Content-Encoding`, when the request's Accept-Encoding allows it and the copy is not older
//    than FILE, with the original's type.
//  - Every response says no-cache (not every built file name is hashed), `Vary: Accept-Encoding`,
//    the security headers below and Access-Control-Allow-Origin: * (so sandboxed or embedding
//    pages can load the wasm). tests/server/static-server.test.mjs checks all of this.
import { STATUS_CODES, createServer } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { BASE_POLICY, pagePolicy } from './csp.mjs';

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
// Sent on every response, errors included.
const security = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // A page's own policy replaces this one: the one its <meta http-equiv> carries, hashes of its
  // inline scripts included (scripts/csp.mjs).
  'Content-Security-Policy': BASE_POLICY,
};
const common = {
  ...security,
  'Cache-Control': 'no-cache',
  'Access-Control-Allow-Origin': '*',
  Vary: 'Accept-Encoding',
};
// Room for a 64 KB query in the request line, with the browser's usual headers beside it.
const MAX_HEADER_BYTES = 80 * 1024;

// The request path decoded, or null when it is malformed or unsafe.
function safePath(url) {
  const raw = url.split(/[?#]/, 1)[0];
  if (!raw.startsWith('/') || raw.includes('\\') || /%(2f|5c)/i.test(raw)) return null;
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
  if (extname(file).toLowerCase() === '.html') {
    headers['Content-Security-Policy'] = pagePolicy(await readFile(file, 'utf8')) ?? BASE_POLICY;
  }
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

const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
  handle(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) send(req, res, 500, { 'Content-Type': 'text/plain' }, 'server error');
    else res.destroy();
  });
});
// A request Node cannot parse (a target that is not a path, headers over the limit) is answered
// here, with the same security headers, instead of Node's bare default.
server.on('clientError', (err, socket) => {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const headers = Object.entries({ ...common, 'Content-Length': 0, Connection: 'close' })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers}\r\n`);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`serving ${root} at http://127.0.0.1:${server.address().port}`);
});
