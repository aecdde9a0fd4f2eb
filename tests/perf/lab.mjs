// Browser timing script (a benchmark, not a test): a 512×512 RGB picture through each of the
// lab's four methods in Chromium, RUNS times each (default 5), reporting per method the
// engine's time (the sum of the slices the lab computed in, as the page shows it), the time from
// start to finish (slices run between frames) and the long tasks (> 50 ms) seen meanwhile.
// Usage: node tests/perf/lab.mjs   (needs a release build in dist/: scripts/build dist)
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { png } from '../e2e/lab-png.mjs';

const port = Number(process.env.PERF_PORT ?? 8093);
const runs = Number(process.env.RUNS ?? 5);
const METHODS = ['standard', 'spatial-separable', 'depthwise-separable', 'grouped'];
const server = spawn('node', ['scripts/static-server.mjs', 'dist', String(port)], { stdio: 'ignore' });

// A photo-like 512×512 picture: gradients, a disc and some noise, so no map is flat.
let seed = 12345;
const noise = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return (seed >> 16) % 32;
};
const picture = png(512, 512, (x, y) => {
  const inDisc = (x - 300) ** 2 + (y - 220) ** 2 < 120 ** 2;
  return inDisc ? [230, 120 + noise(), 30] : [x >> 1, y >> 1, (128 + noise()) & 255];
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(`http://127.0.0.1:${port}/lab/?method=standard&kernel=sobel-x`);
  await page.locator('[data-metric="lab-time-ms"]').waitFor({ timeout: 30_000 });
  await page.setInputFiles('#lab-picture', { name: 'bench.png', mimeType: 'image/png', buffer: picture });
  await page.locator('[data-metric="image-width"][data-value="512"]').waitFor();
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const rows = [];
  let engineTotal = 0;
  for (const method of METHODS) {
    const engine = [];
    const wall = [];
    let macs = '';
    for (let i = 0; i < runs; i++) {
      // Switch away and back, so each run computes afresh.
      const other = METHODS[(METHODS.indexOf(method) + 1) % METHODS.length];
      await page.locator(`#tab-${other}`).click();
      await page.locator(`#method-panel.method-${other} [data-metric="lab-time-ms"]`).waitFor({ timeout: 30_000 });
      await page.evaluate(() => (window.__long = []));
      await page.locator(`#tab-${method}`).click();
      await page.locator(`#method-panel.method-${method} [data-metric="lab-time-ms"]`).waitFor({ timeout: 30_000 });
      const ms = Number(await page.locator('[data-metric="lab-time-ms"]').getAttribute('data-value'));
      const text = await page.locator('.lab-time').textContent();
      const whole = Number(/\((\d+) ms from start/.exec(text)?.[1] ?? NaN);
      engine.push(ms);
      wall.push(whole);
      macs = await page.locator('[data-metric="lab-macs"]').getAttribute('data-value');
    }
    const long = await page.evaluate(() => window.__long);
    engineTotal += median(engine);
    rows.push({ method, macs: Number(macs), engine: median(engine), wall: median(wall), long: long.length });
  }
  console.log(`lab: 512×512 RGB, Sobel X (3×3), the median of ${runs} runs per method, Chromium`);
  console.log('| method | MACs (method) | engine time | start to finish | long tasks (> 50 ms), last run |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.method} | ${r.macs.toLocaleString('en')} | ${r.engine.toFixed(1)} ms | ${r.wall} ms | ${r.long} |`);
  }
  console.log(`all four methods: ${engineTotal.toFixed(1)} ms of engine time`);
  await browser.close();
} finally {
  server.kill();
}
