// Browser timing script (a benchmark, not a test): exports a GIF through the real export dialog
// of a release build in Chromium — 100 frames (steps 0 to 99) of a depthwise separable layer
// at 960 px — and reports the time from pressing Download to the file, ms per frame, the
// file's size, and the long tasks (> 50 ms) on the page's main thread meanwhile (frames are
// painted there one per task; the worker encodes them).
// Usage: node tests/perf/export.mjs [RUNS]   (needs a release build in dist/: scripts/build dist)
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const RUNS = Number(process.argv[2] ?? 3);
const QUERY = '?mode=depthwise-separable&h=12&w=12&cin=3&cout=8&k=3&pad=1';
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
  const rows = [];
  for (let run = 0; run < RUNS; run += 1) {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.addInitScript(() => {
      window.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__long.push({ at: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${url}/${QUERY}`);
    await page.getByRole('tablist', { name: 'Convolution method' }).waitFor();
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export the stage' });
    await dialog.waitFor();
    await dialog.getByLabel('Format').selectOption('GIF');
    await dialog.getByLabel('Range').selectOption('Steps…');
    await dialog.getByLabel('From step').fill('0');
    await dialog.getByLabel('To step').fill('99');
    await dialog.getByLabel('Width').selectOption('960 px');
    // Warm: the worker's files are fetched on the first GIF; time a second one.
    for (const timed of [false, true]) {
      const t0 = await page.evaluate(() => performance.now());
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 120_000 }),
        dialog.getByRole('button', { name: 'Download' }).click(),
      ]);
      const t1 = await page.evaluate(() => performance.now());
      if (!timed) continue;
      const { size } = await import('node:fs').then((fs) => download.path().then((p) => fs.statSync(p)));
      const long = (await page.evaluate(() => window.__long)).filter((t) => t.at >= t0 && t.at <= t1);
      rows.push({ ms: t1 - t0, size, long: long.map((t) => Math.round(t.ms)) });
    }
    if (errors.length) console.log('errors:', errors);
    await page.close();
  }
  await browser.close();
  const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)];
  console.log(`GIF export through the dialog: 100 frames at 960 px, ${RUNS} runs`);
  for (const r of rows) {
    console.log(`  ${Math.round(r.ms)} ms (${(r.ms / 100).toFixed(1)} ms/frame), ${(r.size / 1000).toFixed(1)} KB, long tasks: ${r.long.length ? r.long.join(', ') + ' ms' : 'none'}`);
  }
  console.log(`  median ${Math.round(median)} ms, ${(median / 100).toFixed(1)} ms per frame`);
} finally {
  server.kill();
}
