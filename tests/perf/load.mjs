// Page-load benchmark (a benchmark, not a test): loads each page of the release build in
// Chromium over an emulated slow link (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, cache
// off) on a 4× slowed CPU, and reports the median over RUNS fresh browser contexts of: bytes
// until the page is ready and after a 2 s settle, first contentful paint, when a stage frame
// is first shown with the figures, when the app's stage mounts and when it is ready, largest contentful paint, layout shift and long tasks.
// Usage: node tests/perf/load.mjs [PATH...]   (default: / /lessons/; needs a build in dist/)
// Env: RUNS (default 5), VERBOSE=1 (list the first run's requests), DIST (default dist),
//      CHROMIUM (default /usr/bin/chromium). Writes test-results/bench-load.json.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = resolve(ROOT, process.env.DIST ?? 'dist');
const PORT = 8094;
const RUNS = Number(process.env.RUNS ?? 5);
const VERBOSE = process.env.VERBOSE === '1';
const PATHS = process.argv.length > 2 ? process.argv.slice(2) : ['/', '/lessons/'];
const READY_TIMEOUT_MS = 30_000;
const SETTLE_MS = 2_000;
const VIEWPORT = { width: 1366, height: 768 };
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const CPU_SLOWDOWN = 4;

// Runs in the page before any of its scripts (top frame only) and records into window.__load.
// FRAME: a frame of the stage is on screen with the cost figures: the frame the build rendered
// into the page's HTML (an SVG of the same scene, for the default layer: hidden while a link with
// another layer loads) or, once the app runs, its drawn canvas. Seen no sooner than first paint.
// READY: the app has mounted (the prerendered first screen is gone), the stage's canvas exists
// and a cost figure carries a value. The stage draws its canvas
// in the same frame it mounts (a Yew effect right after the render), and the cost table renders
// in that same pass, so the first animation frame that sees both is the first one a reader sees
// with the stage drawn and the figures shown. The app marks nothing itself, hence this rule.
function observe() {
  if (window !== window.top) return;
  const m = { fcp: null, lcp: null, cls: 0, longTasks: [], figuresAt: null, frameAt: null, stageAt: null, readyAt: null };
  window.__load = m;
  const watch = (type, record) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(record)).observe({ type, buffered: true });
    } catch {
      // An entry type this browser lacks: its figure stays null.
    }
  };
  watch('paint', (e) => {
    if (e.name === 'first-contentful-paint') m.fcp = e.startTime;
  });
  watch('largest-contentful-paint', (e) => {
    m.lcp = e.startTime;
  });
  watch('layout-shift', (e) => {
    if (!e.hadRecentInput) m.cls += e.value;
  });
  watch('longtask', (e) => m.longTasks.push([e.startTime, e.duration]));
  const figures = () =>
    [...document.querySelectorAll('[data-metric="macs"], .cost-column [data-metric]')].some(
      (e) => (e.getAttribute('data-value') ?? '') !== '' && e.checkVisibility({ visibilityProperty: true }),
    );
  const poll = () => {
    // Until the app mounts (#app loses aria-busy), what is on screen is the prerendered first
    // screen: its figures count as shown, its canvas is not drawn.
    const mounted = document.querySelector('#app') !== null && document.querySelector('#app[aria-busy]') === null;
    if (m.figuresAt === null && figures()) m.figuresAt = performance.now();
    const canvas = mounted ? document.querySelector('section.stage canvas') : null;
    if (canvas && m.stageAt === null) m.stageAt = performance.now();
    const prerendered = document.querySelector('#app[aria-busy] section.stage .stage-canvas > svg');
    const frame = (canvas && canvas.width > 0) || prerendered?.checkVisibility({ visibilityProperty: true });
    if (m.frameAt === null && frame && figures()) m.frameAt = performance.now();
    if (canvas && canvas.width > 0 && figures()) {
      m.readyAt = performance.now();
      return;
    }
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

// One load of `path` in a fresh context; returns its figures and its requests.
async function measure(browser, path) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(observe);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const requests = new Map();
    cdp.on('Network.requestWillBeSent', (e) => {
      requests.set(e.requestId, { url: e.request.url, status: null, encoding: null, bytes: null, end: null });
    });
    cdp.on('Network.responseReceived', (e) => {
      const r = requests.get(e.requestId);
      if (!r) return;
      r.status = e.response.status;
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      r.encoding = headers['content-encoding'] ?? null;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const r = requests.get(e.requestId);
      if (r) Object.assign(r, { bytes: e.encodedDataLength, end: e.timestamp });
    });
    cdp.on('Network.loadingFailed', (e) => {
      const r = requests.get(e.requestId);
      if (r) Object.assign(r, { failed: e.errorText, end: e.timestamp });
    });
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });

    let error = null;
    try {
      await page.goto(`http://127.0.0.1:${PORT}${path}`, { waitUntil: 'load', timeout: READY_TIMEOUT_MS });
    } catch (e) {
      error = `load: ${e.message.split('\n')[0]}`;
    }
    try {
      await page.waitForFunction(() => window.__load?.readyAt != null, null, {
        timeout: READY_TIMEOUT_MS,
        polling: 100,
      });
    } catch {
      error ??= `not ready within ${READY_TIMEOUT_MS / 1000} s`;
    }
    await page.waitForTimeout(SETTLE_MS);
    const m = await page.evaluate(() => window.__load ?? null);

    // Network timestamps and the Performance domain's NavigationStart share one monotonic
    // clock (seconds); the page's performance.now() counts from NavigationStart.
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const navStart = metrics.find((x) => x.name === 'NavigationStart')?.value ?? null;
    const since = (t) => (navStart === null || t === null ? null : (t - navStart) * 1000);
    const list = [...requests.values()].map((r) => ({ ...r, end: since(r.end) }));

    const readyMs = m?.readyAt ?? null;
    const sumBytes = (rs) => rs.reduce((s, r) => s + (r.bytes ?? 0), 0);
    const tasksBeforeReady = readyMs === null ? [] : m.longTasks.filter(([s, d]) => s + d <= readyMs);
    return {
      error: readyMs === null ? error : null,
      bytesUntilReady:
        readyMs === null || navStart === null ? null : sumBytes(list.filter((r) => r.end !== null && r.end <= readyMs)),
      bytesTotal: sumBytes(list),
      fcpMs: m?.fcp ?? null,
      // Figures are seen no sooner than the first paint.
      figuresMs: m?.figuresAt == null ? null : Math.max(m.figuresAt, m.fcp ?? 0),
      frameMs: m?.frameAt == null ? null : Math.max(m.frameAt, m.fcp ?? 0),
      stageMs: m?.stageAt ?? null,
      readyMs,
      lcpMs: m?.lcp ?? null,
      cls: m?.cls ?? null,
      longTaskMsEndedBeforeReady: readyMs === null ? null : tasksBeforeReady.reduce((s, [, d]) => s + d, 0),
      longTasksEndedBeforeReady: readyMs === null ? null : tasksBeforeReady.length,
      longTasksAll: m?.longTasks ?? [],
      requests: list,
    };
  } finally {
    await context.close();
  }
}

// A run that failed outright (a crash, say) still gets a row: all its figures are missing.
async function measureOrFail(browser, path) {
  try {
    return await measure(browser, path);
  } catch (e) {
    return { error: e.message.split('\n')[0], readyMs: null, requests: [] };
  }
}

const median = (values) => {
  const v = values.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
};

// The rows of each page's table: label, field of a run, how a value is printed.
const kb = (b) => (b / 1000).toFixed(1);
const ms = (t) => t.toFixed(0);
const ROWS = [
  ['KB until ready', 'bytesUntilReady', kb],
  [`KB after ${SETTLE_MS / 1000} s settle`, 'bytesTotal', kb],
  ['first contentful paint ms', 'fcpMs', ms],
  ['cost figures shown ms', 'figuresMs', ms],
  ['stage frame + figures shown ms', 'frameMs', ms],
  ['stage canvas mounted ms', 'stageMs', ms],
  ['ready ms (app live: stage + figures)', 'readyMs', ms],
  ['largest contentful paint ms', 'lcpMs', ms],
  ['cumulative layout shift', 'cls', (x) => x.toFixed(3)],
  ['long tasks ended before ready ms', 'longTaskMsEndedBeforeReady', ms],
  ['long tasks ended before ready', 'longTasksEndedBeforeReady', (x) => x.toFixed(0)],
];

function report(path, runs) {
  const show = (field, format, x) => (x === null || x === undefined ? (field === 'readyMs' ? 'never' : '—') : format(x));
  console.log(`\n${path}  (median of ${runs.length} runs, then each run)`);
  const summary = {};
  for (const [label, field, format] of ROWS) {
    const values = runs.map((r) => r[field]);
    summary[field] = median(values);
    const cells = values.map((x) => show(field, format, x).padStart(7)).join('');
    console.log(`  ${label.padEnd(34)}${show(field, format, summary[field]).padStart(8)}   ${cells}`);
  }
  const never = runs.filter((r) => r.readyMs === null).length;
  if (never) console.log(`  never ready in ${never} of ${runs.length} runs: ${[...new Set(runs.map((r) => r.error).filter(Boolean))].join('; ')}`);
  if (VERBOSE) {
    console.log(`  requests of the first run (encoded bytes, finished at ms):`);
    for (const r of runs[0].requests) {
      const tail = [r.encoding, r.status, r.failed].filter(Boolean).join(' ');
      console.log(`    ${String(r.bytes ?? '—').padStart(9)}  ${r.end === null ? '     —' : ms(r.end).padStart(6)}  ${r.url}  ${tail}`);
    }
  }
  return summary;
}

async function waitForServer(server) {
  for (let i = 0; i < 100; i++) {
    if (server.exitCode !== null) throw new Error(`static-server exited with ${server.exitCode}`);
    try {
      await fetch(`http://127.0.0.1:${PORT}/`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('static-server did not start');
}

if (!existsSync(join(DIST, 'index.html'))) {
  console.error(`load: no build in ${DIST}/ (run scripts/bench-load, or scripts/build ${DIST} first)`);
  process.exit(1);
}
const server = spawn(process.execPath, ['scripts/static-server.mjs', DIST, String(PORT)], {
  cwd: ROOT,
  stdio: ['ignore', 'ignore', 'inherit'],
});
let browser;
try {
  await waitForServer(server);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  console.log(`page load: Chromium ${browser.version()}, ${RUNS} runs per page, ${VIEWPORT.width}×${VIEWPORT.height}, ` +
    `${NETWORK.latency} ms latency, ${(NETWORK.downloadThroughput * 8) / 1e6} Mbit/s down, ` +
    `${(NETWORK.uploadThroughput * 8) / 1e3} kbit/s up, cache off, CPU ${CPU_SLOWDOWN}× slower (1 KB = 1000 B)`);
  const results = [];
  for (const path of PATHS) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measureOrFail(browser, path));
    results.push({ path, median: report(path, runs), runs });
  }
  await mkdir(join(ROOT, 'test-results'), { recursive: true });
  const out = join(ROOT, 'test-results', 'bench-load.json');
  const settings = { runs: RUNS, viewport: VIEWPORT, network: NETWORK, cpuSlowdown: CPU_SLOWDOWN, settleMs: SETTLE_MS, readyTimeoutMs: READY_TIMEOUT_MS };
  await writeFile(out, `${JSON.stringify({ date: new Date().toISOString(), chromium: browser.version(), dist: DIST, settings, pages: results }, null, 2)}\n`);
  console.log(`\nwrote ${out}`);
} finally {
  await browser?.close();
  server.kill();
}
