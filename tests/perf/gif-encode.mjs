// Browser timing script (a benchmark, not a test): starts the GIF worker of a release build in
// Chromium and encodes 100 frames of 960×600 — a grid of 20×12 cells filling in one per frame
// on the value map, a translucent window over the cell being written and anti-aliased text
// drawn on an OffscreenCanvas in the page — the way the export dialog does: paint a frame, send
// its pixels (transferred), wait for the worker's progress, send the next. Reports the total
// time from `start` to `done`, ms per frame, the page's own painting time, the GIF's size, and
// long tasks (> 50 ms) on the page's main thread meanwhile.
// Usage: node tests/perf/gif-encode.mjs   (needs a release build in dist/: scripts/build dist)
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const server = spawn('node', ['scripts/static-server.mjs', 'dist', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  server.stdout.on('data', (chunk) => {
    const found = /http:\/\/[\d.]+:\d+/.exec(String(chunk));
    if (found) resolve(found[0]);
  });
  server.on('exit', () => reject(new Error('the static server stopped')));
});

try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${url}/`);
  await page.waitForLoadState('networkidle');
  const result = await page.evaluate(async () => {
    const [W, H, FRAMES, ROWS, COLS] = [960, 600, 100, 12, 20];
    const cell = 40;
    const long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    // The value map (white to orange and blue), as the stage's light scheme.
    const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
    const value = (k) => {
      const t = ((k * 37) % 19) / 9 - 1;
      return t < 0 ? mix([247, 247, 247], [33, 102, 172], -t) : mix([247, 247, 247], [179, 88, 6], t);
    };
    const ink = [27, 31, 36];
    const colours = new Map();
    const add = (c) => colours.size < 256 && colours.set(c.join(), c);
    add([255, 255, 255]);
    add(ink);
    add([228, 230, 235]);
    add([243, 244, 246]);
    add([0, 114, 178]);
    for (let k = 0; k < ROWS * COLS; k++) add(value(k));
    for (const c of [...colours.values()]) add(mix(c, [0, 114, 178], 0.35));
    for (let a = 1; a < 8; a++) add(mix([255, 255, 255], ink, a / 8));
    const palette = new Uint8Array([...colours.values()].flat());

    const canvas = new OffscreenCanvas(W, H);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const paint = (n) => {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, W, H);
      ctx.fillStyle = '#1b1f24';
      ctx.font = '600 18px system-ui, sans-serif';
      ctx.fillText(`Output · step ${n} of ${FRAMES - 1}`, 20, 30);
      ctx.font = '14px ui-monospace, monospace';
      for (let k = 0; k < ROWS * COLS; k++) {
        const [x, y] = [20 + (k % COLS) * (cell + 2), 50 + Math.floor(k / COLS) * (cell + 2)];
        const c = k < n ? value(k) : [243, 244, 246];
        ctx.fillStyle = `rgb(${c})`;
        ctx.fillRect(x, y, cell, cell);
        if (k < n) {
          ctx.fillStyle = '#1b1f24';
          ctx.fillText(String((k * 37) % 19 - 9), x + 8, y + 25);
        }
      }
      const [wx, wy] = [20 + (n % COLS) * (cell + 2), 50 + Math.floor(n / COLS) * (cell + 2)];
      ctx.fillStyle = 'rgba(0,114,178,0.35)';
      ctx.fillRect(wx, wy, cell, cell);
      ctx.strokeStyle = '#0072b2';
      ctx.lineWidth = 3;
      ctx.strokeRect(wx - 1.5, wy - 1.5, cell + 3, cell + 3);
      return ctx.getImageData(0, 0, W, H).data.buffer;
    };

    const worker = new Worker('/parts/gif-worker/worker.js');
    let next;
    const message = () => new Promise((resolve) => { next = resolve; });
    worker.onmessage = (e) => next(e.data);
    worker.onerror = (e) => next({ kind: 'error', message: e.message });
    const ready = await message();
    if (ready.kind !== 'ready') return { error: JSON.stringify(ready) };
    const t0 = performance.now();
    let painting = 0;
    worker.postMessage({ kind: 'start', width: W, height: H, palette, delay: 8, comment: 'convlab benchmark' });
    for (let n = 0; n < FRAMES; n++) {
      const p0 = performance.now();
      const rgba = paint(n);
      painting += performance.now() - p0;
      const answer = message();
      worker.postMessage({ kind: 'frame', rgba }, [rgba]);
      const progress = await answer;
      if (progress.kind !== 'progress' || progress.frames !== n + 1) return { error: JSON.stringify(progress) };
    }
    const answer = message();
    worker.postMessage({ kind: 'finish' });
    const done = await answer;
    const total = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
    if (done.kind !== 'done') return { error: JSON.stringify(done) };
    return { total, painting, bytes: done.bytes.byteLength, colours: colours.size, long };
  });
  if (result.error) throw new Error(`the worker answered ${result.error}`);
  const { total, painting, bytes, colours, long } = result;
  console.log(`GIF encode: 100 frames of 960×600, ${colours} colours, in the worker of dist/parts/gif-worker/`);
  console.log(`total ${total.toFixed(0)} ms (${(total / 100).toFixed(1)} ms a frame, of which the page painting ${(painting / 100).toFixed(1)} ms), GIF ${(bytes / 1024).toFixed(1)} KiB`);
  console.log(`long tasks (> 50 ms) on the page meanwhile: ${long.length}${long.length ? `, longest ${Math.max(...long).toFixed(0)} ms` : ''}`);
  if (errors.length) console.log(`page errors: ${errors.join(' | ')}`);
  await browser.close();
} finally {
  server.kill();
}
