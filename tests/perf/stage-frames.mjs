// Browser timing script (a benchmark, not a test): plays the seed's 64×64×3 → 256 example at
// the top speed for 5 s in Chromium and reports frame intervals (p50, p95, max) and long tasks.
// Usage: node tests/perf/stage-frames.mjs [METHOD] [flat|stacked]   (needs a release build in dist/)
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';

const method = process.argv[2] ?? 'depthwise-separable';
const view = process.argv[3] ?? 'flat';
const port = 8093;
const server = spawn('node', ['scripts/static-server.mjs', 'dist', String(port)], { stdio: 'ignore' });
const seconds = 5;

try {
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/?mode=${method}&h=64&w=64&cin=3&cout=256&k=3&pad=1&view=${view}`);
  await page.locator('section.stage').waitFor();
  await page.selectOption('select[aria-label="Speed"]', { index: 11 });
  // Loop, so a short layer keeps playing for the whole measurement.
  await page.locator('.stage-options input[type="checkbox"]').check();
  await page.evaluate(() => {
    window.__frames = [];
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    const tick = (t) => {
      window.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.locator('section.stage').focus();
  await page.keyboard.press('Space');
  await page.waitForTimeout(seconds * 1000);
  const { frames, long } = await page.evaluate(() => ({ frames: window.__frames, long: window.__long }));
  await page.keyboard.press('Space');
  const step = await page.locator('[data-metric="step"]').getAttribute('data-value');
  const intervals = frames.slice(1).map((t, i) => t - frames[i]).sort((a, b) => a - b);
  const pct = (p) => intervals[Math.min(intervals.length - 1, Math.floor((p / 100) * intervals.length))];
  console.log(`stage frames: ${method}, ${view}, 64×64×3 → 256, top speed, ${seconds} s, ${intervals.length} frames, looping, paused at step ${step}`);
  console.log(`frame interval ms: p50 ${pct(50).toFixed(1)}, p95 ${pct(95).toFixed(1)}, max ${intervals.at(-1).toFixed(1)}`);
  console.log(`long tasks (> 50 ms): ${long.length}${long.length ? `, longest ${Math.max(...long).toFixed(0)} ms` : ''}`);
  await browser.close();
} finally {
  server.kill();
}
