// The static server of `scripts/serve`, the end-to-end suite and the benchmarks
// (scripts/static-server.mjs), tested on a folder of its own: methods, unsafe paths and their
// encodings, precompressed copies, long queries and the headers every response carries.
// Run: node --test tests/server/   (scripts/test runs it; it takes about a second)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const SERVER = new URL('../../scripts/static-server.mjs', import.meta.url).pathname;
const PAGE = '<!doctype html><title>convlab</title><p>the page</p>';
const SECRET = 'outside the served folder';
// A page with its own policy, as scripts/csp.mjs writes it.
const PAGE_POLICY = "default-src 'self'; script-src 'self' 'sha256-AAAA'";
const PAGE_WITH_POLICY = `<!doctype html><meta charset=utf-8><meta http-equiv="Content-Security-Policy" content="${PAGE_POLICY}"><title>convlab</title>`;

let base;
let server;
let port;

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'convlab-static-server-'));
  const root = join(base, 'dist');
  await mkdir(join(root, 'lessons'), { recursive: true });
  await writeFile(join(base, 'secret.txt'), SECRET);
  await writeFile(join(root, 'index.html'), PAGE);
  await writeFile(join(root, 'lessons', 'index.html'), PAGE);
  await mkdir(join(root, 'with-policy'));
  await writeFile(join(root, 'with-policy', 'index.html'), PAGE_WITH_POLICY);
  await writeFile(join(root, 'app.js'), 'console.log(1);');
  // The copies are made after the originals, as scripts/compress.mjs makes them.
  const later = new Date(Date.now() + 10_000);
  await writeFile(join(root, 'index.html.br'), brotliCompressSync(PAGE));
  await writeFile(join(root, 'index.html.gz'), gzipSync(PAGE));
  await utimes(join(root, 'index.html.br'), later, later);
  await utimes(join(root, 'index.html.gz'), later, later);
  await symlink(join(base, 'secret.txt'), join(root, 'linked.txt'));

  server = spawn(process.execPath, [SERVER, root, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  port = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (found) resolve(Number(found[1]));
    });
    server.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
});

after(async () => {
  server?.kill();
  await rm(base, { recursive: true, force: true });
});

// One request with the path sent exactly as written (no URL normalisation, unlike fetch).
function get(path, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function assertSecurityHeaders(res, what) {
  assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', what);
}

test('GET and HEAD serve files; every other method is 405 with Allow', async () => {
  const page = await get('/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(page.body.toString(), PAGE);
  assertSecurityHeaders(page, 'GET /');

  const head = await get('/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String(PAGE.length));
  assert.equal(head.body.length, 0);
  assertSecurityHeaders(head, 'HEAD /');

  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const res = await get('/', { method });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.allow, 'GET, HEAD', method);
    assertSecurityHeaders(res, method);
  }
});

test('`..` and its encodings are 400 or 404, never a file outside the folder nor a page', async () => {
  const attempts = [
    '/..',
    '/../secret.txt',
    '/lessons/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/lessons/..%2f..%2fsecret.txt',
    '/lessons%2f..%2f..%2fsecret.txt',
    '/lessons%2findex.html',
    '/..\\secret.txt',
    '/..%5csecret.txt',
    '/%5c..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/%252e%252e%252fsecret.txt',
    '/lessons/%252e%252e/%252e%252e/secret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/secret.txt%00.html',
    '/%',
    '//secret.txt',
    'secret.txt',
  ];
  for (const path of attempts) {
    const res = await get(path);
    assert.ok([400, 404].includes(res.status), `${path} answered ${res.status}`);
    const body = res.body.toString();
    assert.ok(!body.includes(SECRET), `${path} served the file outside`);
    assert.ok(!body.includes('<'), `${path} served a page`);
    assertSecurityHeaders(res, path);
  }
  // A link out of the folder is not followed.
  const linked = await get('/linked.txt');
  assert.equal(linked.status, 403);
  assert.ok(!linked.body.toString().includes(SECRET));
});

test('precompressed copies are sent with Content-Encoding when Accept-Encoding allows them', async () => {
  const cases = [
    ['br', 'br'],
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['identity', undefined],
    ['br;q=0, gzip;q=0', undefined],
    [undefined, undefined],
  ];
  for (const [accept, encoding] of cases) {
    const headers = accept === undefined ? {} : { 'Accept-Encoding': accept };
    const res = await get('/index.html', { headers });
    assert.equal(res.status, 200, accept);
    assert.equal(res.headers['content-encoding'], encoding, accept);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8', accept);
    assert.equal(res.headers.vary, 'Accept-Encoding', accept);
    const expected = { br: brotliCompressSync(PAGE), gzip: gzipSync(PAGE) }[encoding] ?? Buffer.from(PAGE);
    assert.deepEqual(res.body, expected, accept);
  }
  // A file without copies is sent as it is.
  const js = await get('/app.js', { headers: { 'Accept-Encoding': 'br, gzip' } });
  assert.equal(js.headers['content-encoding'], undefined);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
});

test('a query of 64 KB is accepted (a long kernel= link opens)', async () => {
  const kernel = Array.from({ length: 64 * 1024 / 8 }, () => '-1/16,1').join(',').slice(0, 64 * 1024);
  const res = await get(`/lessons/?lesson=spatial-separable&kernel=${kernel}`, {
    headers: { 'Accept-Encoding': 'gzip, deflate, br', 'User-Agent': 'x'.repeat(200) },
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.toString(), PAGE);
  assertSecurityHeaders(res, 'a long query');
  // Past the limit the answer is 431, still with the security headers.
  const tooLong = await get(`/?kernel=${'1,'.repeat(60 * 1024)}`);
  assert.equal(tooLong.status, 431);
  assertSecurityHeaders(tooLong, 'a query over the limit');
});

test('a missing file is a plain 404 with the security headers', async () => {
  const res = await get('/nothing-here.html');
  assert.equal(res.status, 404);
  assert.equal(res.headers['content-type'], 'text/plain');
  assertSecurityHeaders(res, '404');
});

test('a page is sent with its own policy as a header; every other file with the base policy', async () => {
  const page = await get('/with-policy/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-security-policy'], PAGE_POLICY);
  for (const path of ['/app.js', '/', '/missing']) {
    const other = await get(path);
    const policy = other.headers['content-security-policy'];
    assert.match(policy, /default-src 'self'/, path);
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'(;|$)/, path);
    assert.doesNotMatch(policy, /unsafe-inline'[^;]*sha256|script-src[^;]*unsafe-inline/, path);
  }
});
